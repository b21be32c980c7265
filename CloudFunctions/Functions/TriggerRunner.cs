using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.CloudData;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Functions;

/// <summary>
/// Runs the _User and login triggers through the one <see cref="TriggerInvoker"/> every trigger passes
/// (validator, timeout, depth, Parse's error semantics): a before-trigger that throws refuses the
/// operation (its code, or 141 with its message); an after-trigger's error is only logged.
/// </summary>
public sealed class TriggerRunner(CloudFunctionRegistry registry, TriggerInvoker invoker, IServiceProvider services)
{
    /// <summary>
    /// Returns the user to save (the trigger's replacement, or <paramref name="user"/>) and the custom
    /// fields the trigger changed, which the answer must carry back to the client.
    /// </summary>
    public async Task<(UserRecord User, IReadOnlySet<string> ChangedFields)> BeforeSaveAsync(
        UserRecord user, UserRecord? original, RequestContext caller, CancellationToken cancellationToken)
    {
        if (registry.Trigger(TriggerNames.BeforeSave) is not { } trigger) return (user, new HashSet<string>());
        TriggerRequest? request = null;
        await invoker.RunBeforeAsync(trigger, token => request = Request(TriggerNames.BeforeSave, user, caller, token, original), caller,
            r => r.Object.Fields, cancellationToken);
        var left = request!.Object ?? throw new Errors.PhoneAuthException(Errors.AuthError.ScriptFailed, "beforeSave left no user")
            { PublicMessage = "beforeSave on _User left no user to save." };
        var saved = left with { Id = user.Id, Version = user.Version, CreatedAt = user.CreatedAt };
        var changed = saved.Fields.Select(f => f.Key).Concat(user.Fields.Select(f => f.Key)).Distinct()
            .Where(name => !JsonNode.DeepEquals(saved.Fields[name], user.Fields[name]))
            .ToHashSet();
        return (saved, changed);
    }

    public Task BeforeLoginAsync(UserRecord user, RequestContext caller, CancellationToken cancellationToken) =>
        RunBeforeAsync(TriggerNames.BeforeLogin, user, caller, cancellationToken);

    public Task AfterSaveAsync(UserRecord user, UserRecord? original, RequestContext caller, CancellationToken cancellationToken) =>
        RunAfterAsync(TriggerNames.AfterSave, user, caller, cancellationToken, original);

    public Task AfterLoginAsync(UserRecord user, RequestContext caller, CancellationToken cancellationToken) =>
        RunAfterAsync(TriggerNames.AfterLogin, user, caller, cancellationToken);

    public Task AfterLogoutAsync(SessionRecord session, UserRecord user, RequestContext caller, CancellationToken cancellationToken) =>
        RunAfterAsync(TriggerNames.AfterLogout, user, caller, cancellationToken, session: session);

    private TriggerRequest Request(string name, UserRecord user, RequestContext caller, CancellationToken cancellationToken,
        UserRecord? original = null, SessionRecord? session = null) => new()
    {
        TriggerName = name,
        // A copy: a trigger that edits Fields in place must not change a record someone else holds.
        Object = user with { Fields = (JsonObject)user.Fields.DeepClone() },
        Original = original,
        Session = session,
        Caller = caller,
        CancellationToken = cancellationToken,
        DataFor = DataFor,
    };

    // Resolved when a trigger first asks: the data API's writer runs these triggers, so it cannot be a constructor dependency.
    private CloudData.CloudData DataFor(RequestContext caller) =>
        ((CloudDataService)services.GetService(typeof(CloudDataService))!).For(caller);

    private async Task RunBeforeAsync(string name, UserRecord user, RequestContext caller, CancellationToken cancellationToken)
    {
        if (registry.Trigger(name) is not { } trigger) return;
        await invoker.RunBeforeAsync(trigger, token => Request(name, user, caller, token), caller, fields: null, cancellationToken);
    }

    private async Task RunAfterAsync(string name, UserRecord user, RequestContext caller, CancellationToken cancellationToken,
        UserRecord? original = null, SessionRecord? session = null)
    {
        if (registry.Trigger(name) is not { } trigger) return;
        await invoker.RunAfterAsync(trigger, token => Request(name, user, caller, token, original, session), caller, cancellationToken);
    }
}
