using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.Server.Dialects.Parse;

namespace PhoneAuth.Server.Hosting;

/// <summary>Stops start-up when a secret is missing, naming the setting and its environment variable.</summary>
internal sealed class SecretsValidation : IValidateOptions<ParseOptions>, IValidateOptions<PhoneAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, ParseOptions options) =>
        string.IsNullOrEmpty(options.MasterKey)
            ? ValidateOptionsResult.Fail("Parse:MasterKey is not set (environment variable Parse__MasterKey). It is required outside Development.")
            : ValidateOptionsResult.Success;

    public ValidateOptionsResult Validate(string? name, PhoneAuthOptions options) =>
        string.IsNullOrEmpty(options.CodeSecret)
            ? ValidateOptionsResult.Fail("PhoneAuth:CodeSecret is not set (environment variable PhoneAuth__CodeSecret). It is required outside Development.")
            : ValidateOptionsResult.Success;
}
