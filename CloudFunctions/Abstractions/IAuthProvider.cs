using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Context;

namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>
/// A third-party identity provider for Parse's <c>authData</c> (anonymous, or one an application adds).
/// Register implementations in DI, or export them from a cloud-code assembly.
/// </summary>
public interface IAuthProvider
{
    /// <summary>The key under authData, e.g. "anonymous".</summary>
    string Name { get; }

    /// <summary>
    /// Checks the client's authData (its <c>id</c> is already known to be a non-empty string) and returns
    /// what to store. Throw <see cref="Errors.CloudFunctionException"/> (or PhoneAuthException) to refuse.
    /// </summary>
    Task<JsonObject> ValidateAsync(JsonObject authData, RequestContext caller, CancellationToken cancellationToken);
}
