using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Functions;

/// <summary>Runs a cloud function: its rules first, then its handler, with Parse's error semantics.</summary>
public sealed class CloudFunctionRunner(
    CloudFunctionRegistry registry,
    IRateLimitStore limits,
    CloudData.CloudDataService data,
    TimeProvider time,
    ILogger<CloudFunctionRunner> logger)
{
    public async Task<object?> RunAsync(string name, JsonObject parameters, RequestContext caller, CancellationToken cancellationToken)
    {
        if (!registry.TryGet(name, out var function))
            throw new PhoneAuthException(AuthError.FunctionNotFound) { Args = [name] };

        var request = new CloudRequest { FunctionName = name, Params = parameters, Caller = caller, CancellationToken = cancellationToken, DataFor = data.For };
        await CheckRateLimitAsync(function, request, cancellationToken);
        await ValidateAsync(function.Rules, request);
        try
        {
            return await function.Handler(request);
        }
        catch (Exception ex) when (IsApplicationFailure(ex, cancellationToken))
        {
            // As in Parse: an error thrown by a function without a code of its own fails the script, with its message.
            logger.LogWarning(LogEvents.CloudFunctionFailed, ex, "Cloud function {Function} failed", name);
            throw ScriptFailures.From(ex, "Script failed. Unknown error.");
        }
    }

    private static bool IsApplicationFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        PhoneAuthException or CloudFunctionException or StorageException => false,
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        _ => true,
    };

    private async Task CheckRateLimitAsync(CloudFunction function, CloudRequest request, CancellationToken cancellationToken)
    {
        if (function.Rules.RateLimit is not { } limit || (request.Master && !limit.IncludeMasterKey)) return;
        var rule = new RateLimitRule($"fn:{function.Name}:ip:{request.Ip}", limit.RequestCount, limit.RequestTimeWindow, "function");
        var decision = await limits.TryAcquireAsync([rule], time.GetUtcNow(), cancellationToken);
        if (!decision.Allowed)
            throw new PhoneAuthException(AuthError.RateLimited) { RetryAfter = decision.RetryAfter, PublicMessage = limit.ErrorResponseMessage };
    }

    private static async Task ValidateAsync(CloudFunctionRules rules, CloudRequest request)
    {
        if (request.Master && !rules.ValidateMasterKey) return;
        if (rules.RequireMaster && !request.Master) throw new PhoneAuthException(AuthError.MasterKeyRequired);
        if (rules.RequireUser && request.User is null) throw new PhoneAuthException(AuthError.LoginRequired);

        foreach (var (name, rule) in rules.Fields) CheckField(request.Params, name, rule);

        if (rules.Validate is null) return;
        try
        {
            await rules.Validate(request);
        }
        catch (Exception ex) when (ex is not (PhoneAuthException or CloudFunctionException or StorageException or OperationCanceledException))
        {
            throw new PhoneAuthException(AuthError.ValidationFailed, ex.Message, ex) { PublicMessage = ex.Message };
        }
    }

    internal static void CheckField(JsonObject parameters, string name, FieldRule rule)
    {
        var value = parameters[name];
        if (value is null)
        {
            if (rule.Default is not null)
            {
                parameters[name] = rule.Default.DeepClone();
                return;
            }
            if (rule.Required) throw Fail(AuthError.MissingParameter, rule, name);
            return;
        }
        if (rule.Type is { } type && !FieldTypes.Matches(type, value))
            throw Fail(AuthError.InvalidParameterType, rule, name, type.ToString());
        if (rule.Options is { } options && !options.Any(o => JsonNode.DeepEquals(o, value)))
            throw Fail(AuthError.InvalidParameterOption, rule, name, string.Join(", ", options.Select(o => o?.ToJsonString())));
        if (rule.Check is { } check && !Passes(check, value))
            throw Fail(AuthError.InvalidParameterValue, rule, name);
    }

    /// <summary>A predicate that throws rejects the value, as a Parse validator that throws does.</summary>
    private static bool Passes(Func<JsonNode?, bool> check, JsonNode value)
    {
        try { return check(value); }
        catch (Exception ex) when (ex is not OperationCanceledException) { return false; }
    }

    private static PhoneAuthException Fail(AuthError error, FieldRule rule, params object[] args) =>
        new(error) { Args = args, PublicMessage = rule.Error };
}
