using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.SampleCloudCode;

/// <summary>
/// An application's own authData provider: a token is valid when it is "valid-" + the id. Only the
/// id is stored, never the token (Parse's "save" semantics).
/// </summary>
public sealed class DemoAuthProvider : IAuthProvider
{
    public string Name => "demo";

    public Task<JsonObject> ValidateAsync(JsonObject authData, RequestContext caller, CancellationToken cancellationToken)
    {
        var id = authData["id"]!.GetValue<string>();
        if (authData["token"]?.GetValue<string>() != "valid-" + id) throw new CloudFunctionException(101, "Demo auth is invalid for this user.");
        return Task.FromResult(new JsonObject { ["id"] = id });
    }
}
