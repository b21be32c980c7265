using System.Text;
using PhoneAuth.CloudFunctions.Phone;
using PhoneAuth.CloudFunctions.Sessions;

namespace PhoneAuth.Tests.Core;

public sealed class CodeAndTokenTests
{
    private readonly VerificationCodes _codes = new(Encoding.UTF8.GetBytes("secret"));

    [Fact]
    public void CodesHaveTheConfiguredLengthAndUseEveryDigit()
    {
        var seen = new HashSet<char>();
        for (var i = 0; i < 500; i++)
        {
            var code = VerificationCodes.Generate(6);
            Assert.Matches("^[0-9]{6}$", code);
            seen.UnionWith(code);
        }
        Assert.Equal(10, seen.Count);
    }

    [Fact]
    public void TheHashIsBoundToPurposePhoneAndSecret()
    {
        var hash = _codes.Hash("login", "+8613800138000", "123456");
        Assert.True(_codes.Matches(hash, "login", "+8613800138000", "123456"));
        Assert.False(_codes.Matches(hash, "login", "+8613800138000", "123457"));
        Assert.False(_codes.Matches(hash, "unbind", "+8613800138000", "123456"));
        Assert.False(_codes.Matches(hash, "login", "+8613800138001", "123456"));
        Assert.False(new VerificationCodes(Encoding.UTF8.GetBytes("other")).Matches(hash, "login", "+8613800138000", "123456"));
        Assert.DoesNotContain("123456", hash);
    }

    [Fact]
    public void AnEmptySecretIsRefused() => Assert.Throws<ArgumentException>(() => new VerificationCodes([]));

    [Fact]
    public void SessionTokensAreParseShapedAndStoredAsSha256()
    {
        var token = SessionTokens.New();
        Assert.Matches("^r:[0-9a-f]{32}$", token);
        Assert.NotEqual(token, SessionTokens.New());
        Assert.Matches("^[0-9a-f]{64}$", SessionTokens.Hash(token));
        Assert.Equal(SessionTokens.Hash(token), SessionTokens.Hash(token));
    }
}
