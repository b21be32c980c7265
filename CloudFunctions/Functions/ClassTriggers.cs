namespace PhoneAuth.CloudFunctions.Functions;

/// <summary>
/// Defines the triggers of one class, as Parse's <c>Parse.Cloud.beforeSave("GameScore", …)</c> and its
/// kin: each once per class, checked when defined. Rules are a function's validator (requireUser,
/// requireMaster, fields); fields are checked on the object being saved.
/// </summary>
public sealed class ClassTriggers
{
    private readonly CloudFunctionRegistry _registry;

    internal ClassTriggers(CloudFunctionRegistry registry, string className)
    {
        _registry = registry;
        ClassName = className;
    }

    public string ClassName { get; }

    /// <summary>Before a create or update: change <c>request.Object</c>, or throw to refuse the write (141, or a CloudFunctionException's code).</summary>
    public ClassTriggers BeforeSave(Func<ObjectTriggerRequest, Task> handler, CloudFunctionRules? rules = null) => Add(TriggerNames.BeforeSave, handler, rules);

    /// <summary>After a create or update was stored. Errors are logged; the write stands.</summary>
    public ClassTriggers AfterSave(Func<ObjectTriggerRequest, Task> handler, CloudFunctionRules? rules = null) => Add(TriggerNames.AfterSave, handler, rules);

    /// <summary>Before a delete: throw to refuse it.</summary>
    public ClassTriggers BeforeDelete(Func<ObjectTriggerRequest, Task> handler, CloudFunctionRules? rules = null) => Add(TriggerNames.BeforeDelete, handler, rules);

    /// <summary>After a delete. Errors are logged; the delete stands.</summary>
    public ClassTriggers AfterDelete(Func<ObjectTriggerRequest, Task> handler, CloudFunctionRules? rules = null) => Add(TriggerNames.AfterDelete, handler, rules);

    /// <summary>Before a query or a get: change <c>request.Query</c> (it still runs with the caller's rights), or throw to refuse it.</summary>
    public ClassTriggers BeforeFind(Func<FindTriggerRequest, Task> handler, CloudFunctionRules? rules = null) => Add(TriggerNames.BeforeFind, handler, rules);

    /// <summary>After a query or a get: change, remove or reorder <c>request.Objects</c>, or throw to refuse the answer.</summary>
    public ClassTriggers AfterFind(Func<FindTriggerRequest, Task> handler, CloudFunctionRules? rules = null) => Add(TriggerNames.AfterFind, handler, rules);

    private ClassTriggers Add(string name, Delegate handler, CloudFunctionRules? rules)
    {
        _registry.AddTrigger(name, ClassName, handler, rules);
        return this;
    }
}
