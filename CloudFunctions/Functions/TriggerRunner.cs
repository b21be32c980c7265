using Microsoft.Extensions.Logging;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Functions;

/// <summary>
/// Runs the application's triggers with Parse Server's error semantics: a before-trigger that throws
/// refuses the operation (its code, or 141 with its message); an after-trigger's error is only logged.
/// </summary>
public sealed class TriggerRunner(CloudFunctionRegistry registry, ILogger<TriggerRunner> logger)
{
    /// <summary>
    /// Returns the user to save (the trigger's replacement, or <paramref name="user"/>) and the custom
    /// fields the trigger changed, which the answer must carry back to the client.
    /// </summary>
    public async Task<(UserRecord User, IReadOnlySet<string> ChangedFields)> BeforeSaveAsync(
        UserRecord user, UserRecord? original, RequestContext caller, CancellationToken cancellationToken)
    {
        var request = Request(TriggerNames.BeforeSave, user, caller, cancellationToken, original);
        await RunBeforeAsync(request);
        var saved = request.Object with { Id = user.Id, Version = user.Version, CreatedAt = user.CreatedAt };
        var changed = saved.Fields.Select(f => f.Key).Concat(user.Fields.Select(f => f.Key)).Distinct()
            .Where(name => !System.Text.Json.Nodes.JsonNode.DeepEquals(saved.Fields[name], user.Fields[name]))
            .ToHashSet();
        return (saved, changed);
    }

    public Task BeforeLoginAsync(UserRecord user, RequestContext caller, CancellationToken cancellationToken) =>
        RunBeforeAsync(Request(TriggerNames.BeforeLogin, user, caller, cancellationToken));

    public Task AfterSaveAsync(UserRecord user, UserRecord? original, RequestContext caller, CancellationToken cancellationToken) =>
        RunAfterAsync(Request(TriggerNames.AfterSave, user, caller, cancellationToken, original));

    public Task AfterLoginAsync(UserRecord user, RequestContext caller, CancellationToken cancellationToken) =>
        RunAfterAsync(Request(TriggerNames.AfterLogin, user, caller, cancellationToken));

    public Task AfterLogoutAsync(SessionRecord session, UserRecord user, RequestContext caller, CancellationToken cancellationToken) =>
        RunAfterAsync(Request(TriggerNames.AfterLogout, user, caller, cancellationToken, session: session));

    private static TriggerRequest Request(string name, UserRecord user, RequestContext caller, CancellationToken cancellationToken,
        UserRecord? original = null, SessionRecord? session = null) => new()
    {
        TriggerName = name,
        // A copy: a trigger that edits Fields in place must not change a record someone else holds.
        Object = user with { Fields = (System.Text.Json.Nodes.JsonObject)user.Fields.DeepClone() },
        Original = original,
        Session = session,
        Caller = caller,
        CancellationToken = cancellationToken,
    };

    private async Task RunBeforeAsync(TriggerRequest request)
    {
        if (registry.Trigger(request.TriggerName) is not { } handler) return;
        try
        {
            await handler(request);
        }
        catch (Exception ex) when (ex is not (PhoneAuthException or CloudFunctionException or StorageException or OperationCanceledException))
        {
            logger.LogInformation(LogEvents.CloudFunctionFailed, ex, "{Trigger} refused the operation", request.TriggerName);
            throw ScriptFailures.From(ex, "Script failed. Unknown error.");
        }
    }

    private async Task RunAfterAsync(TriggerRequest request)
    {
        if (registry.Trigger(request.TriggerName) is not { } handler) return;
        try
        {
            await handler(request);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(LogEvents.CloudFunctionFailed, ex, "{Trigger} failed; the operation stands", request.TriggerName);
        }
    }
}
