using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Users;

namespace PhoneAuth.CloudFunctions.CloudData;

/// <summary>
/// The data API's entry point, a DI singleton: <see cref="For"/> a request's caller, or
/// <see cref="Master"/> for code that runs on no one's behalf (a job, a sweep). Functions and triggers
/// get theirs as <c>request.Data</c>.
/// </summary>
public sealed class CloudDataService(ObjectReader reader, ObjectWriter writer, UserService users)
{
    internal ObjectReader Reader => reader;
    internal ObjectWriter Writer => writer;
    internal UserService Users => users;

    /// <summary>The data as <paramref name="caller"/> may see and change it.</summary>
    public CloudData For(RequestContext caller) => new(this, caller);

    /// <summary>The data with the master key, for code that runs outside a request.</summary>
    public CloudData Master => new(this, new RequestContext { IsMaster = true });

    /// <summary>The caller's request with the master key instead of its user: what a useMasterKey call runs as.</summary>
    internal static RequestContext MasterOf(RequestContext caller) => new()
    {
        IsMaster = true,
        InstallationId = caller.InstallationId,
        Ip = caller.Ip,
        Headers = caller.Headers,
        Context = caller.Context,
        Locale = caller.Locale,
    };
}
