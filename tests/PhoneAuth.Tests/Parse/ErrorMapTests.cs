using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.Server.Dialects.Parse;

namespace PhoneAuth.Tests.Parse;

public sealed class ErrorMapTests
{
    [Fact]
    public void EveryAuthErrorHasACodeAndBothLanguages()
    {
        foreach (var error in Enum.GetValues<AuthError>())
        {
            var entry = ParseErrorMap.For(error);
            Assert.True(entry.Code > 0, error.ToString());
            Assert.False(string.IsNullOrWhiteSpace(entry.English), error.ToString());
            Assert.False(string.IsNullOrWhiteSpace(entry.Chinese), error.ToString());
        }
    }

    [Fact]
    public void OnlyObjectNotFoundIs404OnlyRateLimitsAre429AndOnlyTheMasterKeysRoutes403()
    {
        foreach (var error in Enum.GetValues<AuthError>())
        {
            var entry = ParseErrorMap.For(error);
            var expected = error == AuthError.MasterKeyOnly ? 403 : entry.Code switch { 101 => 404, 100 => 429, _ => 400 };
            Assert.Equal(expected, entry.Status);
        }
    }
}
