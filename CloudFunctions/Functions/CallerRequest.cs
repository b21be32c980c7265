using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Functions;

/// <summary>
/// What every request to application code carries about its caller, as Parse Server's request objects do:
/// master, user, installationId, ip, headers, context, and a CancellationToken.
/// </summary>
public abstract class CallerRequest
{
    /// <summary>Everything known about the caller.</summary>
    public required RequestContext Caller { get; init; }

    public CancellationToken CancellationToken { get; init; }

    public bool Master => Caller.IsMaster;

    /// <summary>The caller's user: a copy of its own, so application code may change it without touching the server's.</summary>
    public UserRecord? User => _user ??= Caller.User?.DeepCopy();

    private UserRecord? _user;
    public string? InstallationId => Caller.InstallationId;
    public string? Ip => Caller.Ip;
    public IReadOnlyDictionary<string, string> Headers => Caller.Headers;
    public JsonObject Context => Caller.Context;
}
