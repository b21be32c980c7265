using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Users;

/// <summary>The enabled authData providers by name, and the checks every authData passes through.</summary>
public sealed class AuthProviders
{
    private readonly Dictionary<string, IAuthProvider> _providers;

    public AuthProviders(IEnumerable<IAuthProvider> providers, IOptions<UsersOptions> options)
    {
        _providers = providers
            .Where(p => p.Name != AnonymousAuthProvider.ProviderName || options.Value.EnableAnonymousUsers)
            .ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    /// <summary>
    /// Validates each provider's data: the provider must be enabled (252), the data an object with a
    /// non-empty string <c>id</c> (162), and the provider must accept it. Null (unlink) passes through.
    /// Providers run in name order, so a failure stops before later ones (as in Parse Server).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, JsonObject?>> ValidateAsync(
        IReadOnlyDictionary<string, JsonObject?> authData, RequestContext caller, CancellationToken cancellationToken)
    {
        var validated = new Dictionary<string, JsonObject?>(StringComparer.Ordinal);
        foreach (var (name, data) in authData.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!_providers.TryGetValue(name, out var provider)) throw new PhoneAuthException(AuthError.UnsupportedAuthProvider, name);
            if (data is null)
            {
                validated[name] = null;
                continue;
            }
            if (AuthDataIds.IdOf(data) is null) throw new PhoneAuthException(AuthError.InvalidAuthData) { Args = [name] };
            try
            {
                validated[name] = await provider.ValidateAsync(data, caller, cancellationToken);
            }
            catch (Exception ex) when (ex is not (PhoneAuthException or CloudFunctionException or StorageException or OperationCanceledException))
            {
                // As Parse Server: a provider's error without a code of its own fails the script, with its message.
                throw ScriptFailures.From(ex, "Auth failed. Unknown error.");
            }
        }
        return validated;
    }

}

/// <summary>Parse.AnonymousUtils: any client-chosen id is an identity. Disabled with Users:EnableAnonymousUsers = false.</summary>
public sealed class AnonymousAuthProvider : IAuthProvider
{
    public const string ProviderName = "anonymous";

    public string Name => ProviderName;

    public Task<JsonObject> ValidateAsync(JsonObject authData, RequestContext caller, CancellationToken cancellationToken) =>
        Task.FromResult(new JsonObject { ["id"] = authData["id"]!.DeepClone() });
}
