using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Functions;

/// <summary>
/// What a trigger receives, as in Parse Server: the object, the original (updates), and the caller
/// (master, user, installationId, ip, headers, context). A beforeSave trigger may replace
/// <see cref="Object"/> with a changed copy; that copy is what gets saved.
/// </summary>
public sealed class TriggerRequest : CallerRequest
{
    public required string TriggerName { get; init; }

    /// <summary>The user being saved or logging in.</summary>
    public required UserRecord Object { get; set; }

    /// <summary>The stored user before this update; null on creation.</summary>
    public UserRecord? Original { get; init; }

    /// <summary>afterLogout: the session that was deleted.</summary>
    public SessionRecord? Session { get; init; }

    /// <summary>App data with the caller's rights; <c>Data.AsMaster()</c> for the master key's.</summary>
    public CloudData.CloudData Data => _data ??= DataFor?.Invoke(Caller) ?? throw new InvalidOperationException("This request has no data API.");

    private CloudData.CloudData? _data;
    internal Func<RequestContext, CloudData.CloudData>? DataFor { get; init; }
}

/// <summary>The trigger names, as Parse Server spells them.</summary>
public static class TriggerNames
{
    public const string BeforeSave = "beforeSave";
    public const string AfterSave = "afterSave";
    public const string BeforeLogin = "beforeLogin";
    public const string AfterLogin = "afterLogin";
    public const string AfterLogout = "afterLogout";
    public const string BeforeDelete = "beforeDelete";
    public const string AfterDelete = "afterDelete";
    public const string BeforeFind = "beforeFind";
    public const string AfterFind = "afterFind";
}
