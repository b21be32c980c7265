using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Functions;

namespace PhoneAuth.SampleCloudCode;

/// <summary>Two functions an application might add: one open, one for logged-in users.</summary>
public sealed class GreetingModule : ICloudCodeModule
{
    public void Register(CloudFunctionRegistry cloud)
    {
        cloud.Define("hello", request => new JsonObject { ["greeting"] = $"Hello, {request.GetString("name") ?? "world"}!" },
            new CloudFunctionRules { Fields = new Dictionary<string, FieldRule> { ["name"] = new() { Type = FieldType.String } } });

        cloud.Define("limitedHello", _ => "hello", new CloudFunctionRules
        {
            RateLimit = new FunctionRateLimit { RequestCount = 2, RequestTimeWindow = TimeSpan.FromMinutes(1), ErrorResponseMessage = "Only two hellos a minute." },
        });

        cloud.Define("whoAmI", request =>
            request.User?.Phone is { } phone ? phone : throw new CloudFunctionException(141, "This account has no phone."),
            new CloudFunctionRules { RequireUser = true });
    }
}
