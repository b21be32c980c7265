using PhoneAuth.CloudFunctions.Functions;

namespace PhoneAuth.Bench.CloudCode;

/// <summary>
/// <c>readSmsCode {phoneNumber}</c>, master key only, as in the Parse Server tutorial code the benchmark
/// runs beside: the code last sent to an E.164 number, or null. This is how the load generator plays
/// the user who reads the SMS.
/// </summary>
public sealed class BenchModule(BenchSmsSender sender) : ICloudCodeModule
{
    public void Register(CloudFunctionRegistry cloud) =>
        cloud.Define("readSmsCode", request => sender.CodeFor(request.RequireString("phoneNumber")),
            new CloudFunctionRules { RequireMaster = true });
}
