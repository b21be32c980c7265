using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Tests.Parse;

/// <summary>The wire encodings the object routes' fast paths write and read, against their plain definitions.</summary>
public sealed class WireEncodingTests
{
    [Fact]
    public void ADateIsFormattedAsParseWritesItWithItsMillisecondsCutNotRounded()
    {
        var instants = new List<DateTimeOffset>
        {
            DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.UnixEpoch,
            new DateTimeOffset(2026, 12, 31, 23, 59, 59, 999, TimeSpan.Zero).AddTicks(9_999),
            new(2026, 12, 4, 23, 5, 0, TimeSpan.FromHours(8)), // not UTC: written in UTC
            new(1, 1, 1, 0, 0, 0, 7, TimeSpan.Zero),
        };
        var random = new Random(4);
        for (var i = 0; i < 2_000; i++) instants.Add(new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), TimeSpan.Zero));
        foreach (var instant in instants)
        {
            Assert.Equal(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), ParseEncoding.FormatDate(instant));
        }
        Assert.Equal("2026-12-04T15:05:00.000Z", ParseEncoding.FormatDate(new DateTimeOffset(2026, 12, 4, 23, 5, 0, TimeSpan.FromHours(8))));
    }

    [Theory]
    [InlineData("order", "score", "score")]
    [InlineData("order", "-score,name", "-score,name")]
    [InlineData("order", "nothing", "nothing")]      // begins as null does, is not JSON: a string
    [InlineData("order", "\"quoted\"", "quoted")]   // a JSON string
    [InlineData("order", "  /* a comment */ \"x\"", "x")]
    public void AQueryStringValueIsJsonWhenItParsesAsJsonElseText(string name, string value, string expectedOrderKey)
    {
        var query = QueryReader.Read([], new QueryCollection(new Dictionary<string, StringValues> { [name] = value }), "Thing");
        Assert.Equal(expectedOrderKey.Split(','), query.Order.Select(k => (k.Descending ? "-" : "") + k.Path.ToString()));
    }

    [Theory]
    [InlineData("10", 10)]
    [InlineData(" 10", 10)]
    [InlineData("\"10\"", 10)]
    public void ANumberInTheQueryStringReadsAsJsonOrAsText(string value, int expected)
    {
        var query = QueryReader.Read([], new QueryCollection(new Dictionary<string, StringValues> { ["limit"] = value }), "Thing");
        Assert.Equal(expected, query.Limit);
    }

    [Theory]
    [InlineData("count", "true", true)]
    [InlineData("count", "1", true)]
    [InlineData("count", "false", false)]
    [InlineData("count", "truely", false)]
    public void TheLiteralsReadAsJsonAndTextThatOnlyBeginsLikeThemAsText(string name, string value, bool expected)
    {
        var query = QueryReader.Read([], new QueryCollection(new Dictionary<string, StringValues> { [name] = value }), "Thing");
        Assert.Equal(expected, query.Count);
    }

    [Fact]
    public void AWhereThatIsNotJsonIsStill107()
    {
        var error = Assert.Throws<PhoneAuthException>(() =>
            QueryReader.Read([], new QueryCollection(new Dictionary<string, StringValues> { ["where"] = "score" }), "Thing"));
        Assert.Equal(AuthError.InvalidJson, error.Error);
    }

    [Fact]
    public void TheUtf8AnswerIsTheSerialisedTextInUtf8()
    {
        var node = new JsonObject
        {
            ["results"] = new JsonArray(new JsonObject { ["name"] = "短信验证码 <b>&'\"", ["n"] = 1.5, ["none"] = null, ["list"] = new JsonArray(true, "x") }),
            ["emoji"] = "\U0001F600",
        };
        var buffer = new ArrayBufferWriter<byte>();
        WireJson.Serialize(node, buffer);
        Assert.Equal(WireJson.Serialize(node), Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Contains("短信验证码", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
