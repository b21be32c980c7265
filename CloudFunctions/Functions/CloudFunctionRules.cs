using System.Text.Json.Nodes;

namespace PhoneAuth.CloudFunctions.Functions;

/// <summary>
/// A function's validator, declared when it is defined, like Parse.Cloud.define's validator object.
/// Every failure is answered with code 142; a <see cref="Validate"/> callback may throw
/// <see cref="Errors.CloudFunctionException"/> to choose another code.
/// </summary>
public sealed class CloudFunctionRules
{
    /// <summary>Only logged-in callers.</summary>
    public bool RequireUser { get; init; }

    /// <summary>Only callers with the master key.</summary>
    public bool RequireMaster { get; init; }

    /// <summary>
    /// Also validate master-key calls. False by default, as in Parse: the master key skips the validator.
    /// </summary>
    public bool ValidateMasterKey { get; init; }

    /// <summary>Parameter rules by name.</summary>
    public IReadOnlyDictionary<string, FieldRule> Fields { get; init; } = new Dictionary<string, FieldRule>();

    /// <summary>A per-function rate limit, counted in the database per client IP.</summary>
    public FunctionRateLimit? RateLimit { get; init; }

    /// <summary>An extra check run after the declarative ones.</summary>
    public Func<CloudRequest, Task>? Validate { get; init; }
}

/// <summary>The rules for one parameter.</summary>
public sealed class FieldRule
{
    /// <summary>The JSON type the value must have, or null for any.</summary>
    public FieldType? Type { get; init; }

    public bool Required { get; init; }

    /// <summary>The allowed values, compared as JSON.</summary>
    public IReadOnlyList<JsonNode?>? Options { get; init; }

    /// <summary>A predicate the value must satisfy.</summary>
    public Func<JsonNode?, bool>? Check { get; init; }

    /// <summary>The value used when the parameter is absent.</summary>
    public JsonNode? Default { get; init; }

    /// <summary>The message for any failure of this rule, instead of the standard one.</summary>
    public string? Error { get; init; }
}

/// <summary>The JSON types a parameter can be required to have.</summary>
public enum FieldType { String, Number, Boolean, Array, Object }

/// <summary>At most <see cref="RequestCount"/> calls per <see cref="RequestTimeWindow"/> per client IP.</summary>
public sealed class FunctionRateLimit
{
    public TimeSpan RequestTimeWindow { get; init; }
    public int RequestCount { get; init; }
    public string ErrorResponseMessage { get; init; } = "Too many requests.";

    /// <summary>Also limit master-key calls. False by default, as in Parse.</summary>
    public bool IncludeMasterKey { get; init; }
}
