using System.Text.RegularExpressions;

namespace PhoneAuth.CloudFunctions.Functions;

/// <summary>
/// The application's cloud functions by name, like <c>Parse.Cloud.define</c>. A DI singleton, filled
/// at start-up by every <see cref="ICloudCodeModule"/>: the built-in phone functions are registered
/// through this same API. Rules are checked here, when a function is defined, not when it is called.
/// </summary>
public sealed partial class CloudFunctionRegistry
{
    private readonly Dictionary<string, CloudFunction> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, string ClassName), TriggerDefinition> _triggers = [];
    private readonly Lock _gate = new();

    /// <summary>The class name of users in triggers, as Parse spells it.</summary>
    public const string UserClass = "_User";

    /// <summary>Defines <paramref name="name"/>. Throws if the name is taken or the rules are inconsistent.</summary>
    public void Define(string name, Func<CloudRequest, Task<object?>> handler, CloudFunctionRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!FunctionName().IsMatch(name ?? ""))
            throw new ArgumentException($"'{name}' is not a valid cloud function name: use letters, digits, '_' and '-'.", nameof(name));
        rules ??= new CloudFunctionRules();
        CheckRules(name!, rules);
        lock (_gate)
        {
            if (!_functions.TryAdd(name!, new CloudFunction(name!, handler, rules)))
                throw new InvalidOperationException($"Cloud function '{name}' is already defined.");
        }
    }

    /// <summary>Defines a synchronous function.</summary>
    public void Define(string name, Func<CloudRequest, object?> handler, CloudFunctionRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Define(name, request => Task.FromResult(handler(request)), rules);
    }

    /// <summary>Runs after credentials are checked and before the session is made; throwing blocks the login.</summary>
    public void BeforeLogin(Func<TriggerRequest, Task> handler, CloudFunctionRules? rules = null) => AddUserTrigger(TriggerNames.BeforeLogin, handler, UserClass, rules);

    /// <summary>Runs after a login made its session. Errors are logged, not answered.</summary>
    public void AfterLogin(Func<TriggerRequest, Task> handler, CloudFunctionRules? rules = null) => AddUserTrigger(TriggerNames.AfterLogin, handler, UserClass, rules);

    /// <summary>Runs after logout deleted the session. Errors are logged, not answered.</summary>
    public void AfterLogout(Func<TriggerRequest, Task> handler, CloudFunctionRules? rules = null) => AddUserTrigger(TriggerNames.AfterLogout, handler, UserClass, rules);

    /// <summary>
    /// Runs before a user is created or updated; it may change the user, or throw to refuse the write.
    /// Users only (their request carries the user record); every other class has <see cref="OnClass"/>.
    /// </summary>
    public void BeforeSave(string className, Func<TriggerRequest, Task> handler, CloudFunctionRules? rules = null) =>
        AddUserTrigger(TriggerNames.BeforeSave, handler, className, rules);

    /// <summary>Runs after a user was created or updated. Errors are logged, not answered. Users only; see <see cref="OnClass"/>.</summary>
    public void AfterSave(string className, Func<TriggerRequest, Task> handler, CloudFunctionRules? rules = null) =>
        AddUserTrigger(TriggerNames.AfterSave, handler, className, rules);

    /// <summary>
    /// The triggers of an application class (or _Role): <c>cloud.OnClass("GameScore").BeforeSave(…)</c>,
    /// like <c>Parse.Cloud.beforeSave("GameScore", …)</c>. _User has its own (<see cref="BeforeSave"/>,
    /// <see cref="AfterSave"/>, the login triggers); _Session has none.
    /// </summary>
    public ClassTriggers OnClass(string className)
    {
        if (!Data.ClassNames.IsValid(className) || !Data.ClassNames.IsObjectClass(className))
            throw new ArgumentException(className == UserClass
                ? $"{UserClass} triggers are defined with BeforeSave(UserClass, …), AfterSave(UserClass, …) and the login triggers."
                : $"'{className}' is not a class that can have triggers.", nameof(className));
        return new ClassTriggers(this, className);
    }

    internal TriggerDefinition? Trigger(string name, string className = UserClass)
    {
        lock (_gate) return _triggers.GetValueOrDefault((name, className));
    }

    private void AddUserTrigger(string name, Func<TriggerRequest, Task> handler, string className, CloudFunctionRules? rules)
    {
        if (className != UserClass)
            throw new ArgumentException($"{name}({className}, …) is for {UserClass}; other classes have OnClass(\"{className}\").{char.ToUpperInvariant(name[0])}{name[1..]}(…).", nameof(className));
        AddTrigger(name, className, handler, rules);
    }

    internal void AddTrigger(string name, string className, Delegate handler, CloudFunctionRules? rules)
    {
        ArgumentNullException.ThrowIfNull(handler);
        rules ??= new CloudFunctionRules();
        CheckRules($"{name} on {className}", rules);
        if (rules.RateLimit is not null || rules.Validate is not null)
            throw new ArgumentException($"{name} on {className}: a trigger's rules are requireUser, requireMaster and fields; check anything else in the trigger itself.");
        lock (_gate)
        {
            if (!_triggers.TryAdd((name, className), new TriggerDefinition(name, className, handler, rules)))
                throw new InvalidOperationException($"{name} on {className} is already defined.");
        }
    }

    public bool TryGet(string name, out CloudFunction function)
    {
        lock (_gate) return _functions.TryGetValue(name, out function!);
    }

    public IReadOnlyCollection<string> Names
    {
        get { lock (_gate) return [.. _functions.Keys]; }
    }

    private static void CheckRules(string name, CloudFunctionRules rules)
    {
        foreach (var (field, rule) in rules.Fields)
        {
            if (string.IsNullOrEmpty(field))
                throw new ArgumentException($"Cloud function '{name}': a field rule has an empty name.");
            if (rule.Options is { Count: 0 })
                throw new ArgumentException($"Cloud function '{name}': field '{field}' has an empty list of options.");
            if (rule.Type is { } type && rule.Options is { } options && options.Any(o => !FieldTypes.Matches(type, o)))
                throw new ArgumentException($"Cloud function '{name}': an option of field '{field}' is not a {type}.");
            if (rule.Type is { } t && rule.Default is { } d && !FieldTypes.Matches(t, d))
                throw new ArgumentException($"Cloud function '{name}': the default of field '{field}' is not a {t}.");
        }
        if (rules.RateLimit is { } limit && (limit.RequestCount < 1 || limit.RequestTimeWindow <= TimeSpan.Zero))
            throw new ArgumentException($"Cloud function '{name}': the rate limit needs a positive count and window.");
        if (rules.RequireMaster && rules.RequireUser)
            throw new ArgumentException($"Cloud function '{name}': requireUser and requireMaster exclude each other.");
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_\\-]{0,127}$")]
    private static partial Regex FunctionName();
}

/// <summary>A defined trigger: its handler takes the request type of its kind (<see cref="TriggerRequest"/>, <see cref="ObjectTriggerRequest"/>, <see cref="FindTriggerRequest"/>).</summary>
internal sealed record TriggerDefinition(string Name, string ClassName, Delegate Handler, CloudFunctionRules Rules);

/// <summary>A defined function.</summary>
public sealed record CloudFunction(string Name, Func<CloudRequest, Task<object?>> Handler, CloudFunctionRules Rules);

/// <summary>Registers cloud functions. The server runs every module found in DI or in a configured assembly.</summary>
public interface ICloudCodeModule
{
    void Register(CloudFunctionRegistry cloud);
}
