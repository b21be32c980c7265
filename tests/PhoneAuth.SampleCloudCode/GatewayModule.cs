using PhoneAuth.CloudFunctions.Functions;

namespace PhoneAuth.SampleCloudCode;

/// <summary>
/// <c>gatewayOutbox {phoneNumber}</c>, master key only: the last code <see cref="GatewaySmsSender"/>
/// "sent" to an E.164 number, or null.
/// </summary>
public sealed class GatewayModule(GatewaySmsSender gateway) : ICloudCodeModule
{
    public void Register(CloudFunctionRegistry cloud) =>
        cloud.Define("gatewayOutbox", request => gateway.LastTo(request.RequireString("phoneNumber"))?.Code,
            new CloudFunctionRules { RequireMaster = true });
}
