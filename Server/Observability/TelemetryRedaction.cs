using System.Diagnostics;
using OpenTelemetry;

namespace PhoneAuth.Server.Observability;

/// <summary>
/// Removes from every finished span what could carry a secret before any exporter sees it: the request's
/// path (LeanCloud routes carry the code, <c>/1.1/verifySmsCode/{code}</c>), replaced by its route
/// template; the query string (Parse's GET /login carries the password, queries carry numbers); any full
/// URL; and the database connection string. The server's own spans carry no such attribute at all.
/// </summary>
internal sealed class TelemetryRedaction : BaseProcessor<Activity>
{
    private static readonly string[] Dropped = ["url.query", "url.full", "http.url", "http.target", "db.connection_string"];

    public override void OnEnd(Activity activity)
    {
        foreach (var name in Dropped)
        {
            if (activity.GetTagItem(name) is not null) activity.SetTag(name, null);
        }
        if (activity.GetTagItem("url.path") is not null) activity.SetTag("url.path", activity.GetTagItem("http.route") as string);
    }
}
