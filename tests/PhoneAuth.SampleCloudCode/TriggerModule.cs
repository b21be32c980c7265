using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Functions;

namespace PhoneAuth.SampleCloudCode;

/// <summary>
/// Triggers an application might write, recording what they saw so that tests can read it back
/// through the master-key function <c>triggerLog</c>.
/// </summary>
public sealed class TriggerModule : ICloudCodeModule
{
    private readonly ConcurrentQueue<JsonObject> _log = new();

    public void Register(CloudFunctionRegistry cloud)
    {
        cloud.BeforeSave(CloudFunctionRegistry.UserClass, request =>
        {
            var nickname = request.Object.Fields["nickname"]?.GetValue<string>();
            if (nickname == "forbidden") throw new CloudFunctionException(142, "This nickname is not allowed.");
            if (nickname == "crash") throw new InvalidOperationException("beforeSave refused: crash");
            if (nickname is not null) request.Object.Fields["nicknameLower"] = nickname.ToLowerInvariant();
            Record(request, new JsonObject { ["isNew"] = request.Original is null });
            return Task.CompletedTask;
        });
        cloud.AfterSave(CloudFunctionRegistry.UserClass, request => Record(request));
        cloud.BeforeLogin(request =>
        {
            if (request.Object.Fields["banned"]?.GetValue<bool>() == true) throw new InvalidOperationException("This account is banned.");
            return Record(request);
        });
        cloud.AfterLogin(request => Record(request));
        cloud.AfterLogout(request => Record(request, new JsonObject { ["session"] = request.Session?.Id }));

        cloud.Define("triggerLog", _ => new JsonArray([.. _log.Select(e => e.DeepClone())]), new CloudFunctionRules { RequireMaster = true });
    }

    private Task Record(TriggerRequest request, JsonObject? extra = null)
    {
        var entry = new JsonObject
        {
            ["trigger"] = request.TriggerName,
            ["object"] = request.Object.Id,
            ["username"] = request.Object.Username,
            ["master"] = request.Master,
            ["user"] = request.User?.Id,
            ["installationId"] = request.InstallationId,
            ["ip"] = request.Ip,
            ["hasHeaders"] = request.Headers.Count > 0,
        };
        foreach (var (key, value) in extra ?? []) entry[key] = value?.DeepClone();
        _log.Enqueue(entry);
        return Task.CompletedTask;
    }
}
