using PhoneAuth.Server.Sms.Aliyun;
using PhoneAuth.Server.Security;
using PhoneAuth.Server.Sms.LeanCloud;
using PhoneAuth.Server.Sms.Tencent;

namespace PhoneAuth.Tests.Sms;

/// <summary>
/// Every signature against its vendor's published example, for the server's implementation and for
/// the fakes' independent one: the fakes can then be trusted to catch a signing bug.
/// </summary>
public sealed class SignatureTests
{
    // Alibaba Cloud's RPC signature example (help.aliyun.com/document_detail/28839.html).
    private static readonly Dictionary<string, string> AliyunExample = new()
    {
        ["AccessKeyId"] = "testId", ["Action"] = "SendSms", ["Format"] = "XML", ["OutId"] = "123", ["PhoneNumbers"] = "15300000001",
        ["RegionId"] = "cn-hangzhou", ["SignName"] = "阿里云短信测试专用", ["SignatureMethod"] = "HMAC-SHA1",
        ["SignatureNonce"] = "45e25e9b-0a6f-4070-8c85-2956eda1b466", ["SignatureVersion"] = "1.0", ["TemplateCode"] = "SMS_71390007",
        ["TemplateParam"] = "{\"customer\":\"test\"}", ["Timestamp"] = "2017-07-12T02:42:19Z", ["Version"] = "2017-05-25",
    };

    [Fact]
    public void AliyunMatchesTheVendorsExample()
    {
        Assert.Equal("zJDF+Lrzhj/ThnlvIToysFRq6t4=", AliyunSignature.Sign("GET", AliyunExample, "testSecret"));
        Assert.Equal("zJDF+Lrzhj/ThnlvIToysFRq6t4=", FakeAliyun.Signature("GET", AliyunExample, "testSecret"));
        Assert.NotEqual(AliyunSignature.Sign("GET", AliyunExample, "testSecret"), AliyunSignature.Sign("POST", AliyunExample, "testSecret"));
    }

    [Theory]
    [InlineData(" ", "%20")]
    [InlineData("*", "%2A")]
    [InlineData("~", "~")]
    [InlineData("+", "%2B")]
    [InlineData("阿", "%E9%98%BF")]
    public void AliyunEncodesPerRfc3986(string value, string encoded) => Assert.Equal(encoded, AliyunSignature.Encode(value));

    // Tencent Cloud's TC3 example (cloud.tencent.com/document/api/213/30654), with the key exactly as published.
    private const string TencentPayload = "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";

    [Fact]
    public void TencentMatchesTheVendorsExample()
    {
        const string expected = "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c";
        Assert.Equal(expected, Tc3Signature.Signature("Gu5t9xGARNpq86cd98joQYCN3*******", "cvm", "cvm.tencentcloudapi.com", 1551113065, TencentPayload));
        Assert.Equal(expected, FakeTencent.Signature("Gu5t9xGARNpq86cd98joQYCN3*******", "cvm", "cvm.tencentcloudapi.com",
            "application/json; charset=utf-8", 1551113065, System.Text.Encoding.UTF8.GetBytes(TencentPayload)));
        Assert.StartsWith("TC3-HMAC-SHA256 Credential=AKID/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=" + expected,
            Tc3Signature.Authorization("AKID", "Gu5t9xGARNpq86cd98joQYCN3*******", "cvm", "cvm.tencentcloudapi.com", 1551113065, TencentPayload));
    }

    // LeanCloud's X-LC-Sign example (leancloud docs, storage REST API, "更安全的鉴权方式").
    [Fact]
    public void LeanCloudMatchesTheVendorsExample()
    {
        Assert.Equal("d5bcbb897e19b2f6633c716dfdfaf9be,1453014943466", LeanCloudSign.Sign(1453014943466, "UtOCzqb67d3sN12Kts4URwy8"));
        Assert.Equal("e074720658078c898aa0d4b1b82bdf4b,1453014943466,master", LeanCloudSign.Sign(1453014943466, "DyJegPlemooo4X1tg94gQkw1", master: true));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.True(FakeLeanCloud.SignatureValid(LeanCloudSign.Sign(now, "key"), "key"));
        Assert.False(FakeLeanCloud.SignatureValid(LeanCloudSign.Sign(now, "key"), "other"));
        Assert.False(FakeLeanCloud.SignatureValid("d5bcbb897e19b2f6633c716dfdfaf9be,1453014943466", "UtOCzqb67d3sN12Kts4URwy8")); // too old
    }
}
