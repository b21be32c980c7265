using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Functions;

/// <summary>
/// Runs one trigger of any kind with Parse Server's rules and this server's bounds: its validator first;
/// then its handler on the thread pool (so a handler that blocks does not block the request's thread),
/// for at most <see cref="CloudCodeOptions.TriggerTimeout"/>, at most
/// <see cref="CloudCodeOptions.MaxTriggerDepth"/> triggers deep. A before-trigger's failure refuses the
/// operation (its code, or 141 with its message; 124 past the time); an after-trigger's is only logged.
/// </summary>
public sealed class TriggerInvoker(IOptions<CloudCodeOptions> options, TimeProvider time, ILogger<TriggerInvoker> logger)
{
    /// <summary>How many triggers are running around the current code: a trigger's own writes run one deeper.</summary>
    private static readonly AsyncLocal<int> Depth = new();

    /// <summary>Runs a before-trigger; throws the Parse error that refuses the operation.</summary>
    internal async Task RunBeforeAsync<TRequest>(TriggerDefinition trigger, Func<CancellationToken, TRequest> request, RequestContext caller,
        Func<TRequest, JsonObject>? fields, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(trigger, request, caller, fields, cancellationToken);
        }
        catch (TimeoutException)
        {
            logger.LogWarning(LogEvents.CloudFunctionFailed, "{Trigger} on {Class} timed out; the operation is refused", trigger.Name, trigger.ClassName);
            throw new PhoneAuthException(AuthError.ScriptTimedOut) { Args = [trigger.Name, trigger.ClassName] };
        }
        catch (Exception ex) when (IsApplicationFailure(ex, cancellationToken))
        {
            logger.LogInformation(LogEvents.CloudFunctionFailed, ex, "{Trigger} on {Class} refused the operation", trigger.Name, trigger.ClassName);
            throw ScriptFailures.From(ex, "Script failed. Unknown error.");
        }
    }

    /// <summary>Runs an after-trigger: whatever it does, the operation stands; a failure is logged.</summary>
    internal async Task RunAfterAsync<TRequest>(TriggerDefinition trigger, Func<CancellationToken, TRequest> request, RequestContext caller,
        CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(trigger, request, caller, fields: null, cancellationToken);
        }
        catch (TimeoutException)
        {
            logger.LogWarning(LogEvents.CloudFunctionFailed, "{Trigger} on {Class} timed out; the operation stands", trigger.Name, trigger.ClassName);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning(LogEvents.CloudFunctionFailed, ex, "{Trigger} on {Class} failed; the operation stands", trigger.Name, trigger.ClassName);
        }
    }

    private async Task RunAsync<TRequest>(TriggerDefinition trigger, Func<CancellationToken, TRequest> request, RequestContext caller,
        Func<TRequest, JsonObject>? fields, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var depth = Depth.Value;
        if (depth >= settings.MaxTriggerDepth)
            throw new PhoneAuthException(AuthError.TriggerDepthExceeded) { Args = [settings.MaxTriggerDepth] };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var handler = (Func<TRequest, Task>)trigger.Handler;
        var made = request(stop.Token);
        Validate(trigger.Rules, caller, fields?.Invoke(made));
        Depth.Value = depth + 1;
        try
        {
            // On the pool, so that a handler that blocks before its first await cannot hold this thread past the timeout.
            await Task.Run(() => handler(made), CancellationToken.None).WaitAsync(settings.TriggerTimeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The handler cannot be stopped, only asked: its token is cancelled, and its result, whenever it comes, ignored.
            await stop.CancelAsync();
            throw;
        }
        finally
        {
            Depth.Value = depth;
        }
    }

    /// <summary>A trigger's validator, as a function's: the master key skips it unless ValidateMasterKey; fields are the object's.</summary>
    private static void Validate(CloudFunctionRules rules, RequestContext caller, JsonObject? fields)
    {
        if (caller.IsMaster && !rules.ValidateMasterKey) return;
        if (rules.RequireMaster && !caller.IsMaster) throw new PhoneAuthException(AuthError.MasterKeyRequired);
        if (rules.RequireUser && caller.User is null) throw new PhoneAuthException(AuthError.LoginRequired);
        if (fields is null) return;
        foreach (var (name, rule) in rules.Fields) CloudFunctionRunner.CheckField(fields, name, rule);
    }

    private static bool IsApplicationFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        PhoneAuthException or CloudFunctionException or StorageException => false,
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        _ => true,
    };
}
