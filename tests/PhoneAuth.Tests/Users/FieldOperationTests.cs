using PhoneAuth.CloudFunctions.Data;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Users;

namespace PhoneAuth.Tests.Users;

public sealed class FieldOperationTests
{
    private static JsonNode? Apply(FieldOperation operation, JsonNode? current)
    {
        var fields = new JsonObject { ["f"] = current?.DeepClone() };
        operation.ApplyTo(fields, "f");
        return fields.TryGetPropertyValue("f", out var value) ? value : JsonValue.Create("(removed)");
    }

    [Fact]
    public void IncrementKeepsIntegersIntegralAndStartsFromZero()
    {
        Assert.Equal("5", Apply(new FieldOperation.Increment(JsonValue.Create(2)), JsonValue.Create(3))!.ToJsonString());
        Assert.Equal("3.5", Apply(new FieldOperation.Increment(JsonValue.Create(0.5)), JsonValue.Create(3))!.ToJsonString());
        Assert.Equal("2", Apply(new FieldOperation.Increment(JsonValue.Create(2)), null)!.ToJsonString());
        var error = Assert.Throws<PhoneAuthException>(() => Apply(new FieldOperation.Increment(JsonValue.Create(1)), JsonValue.Create("x")));
        Assert.Equal(AuthError.IncorrectType, error.Error);
    }

    [Fact]
    public void ArrayOperatorsCompareAsJson()
    {
        var current = JsonNode.Parse("""[1,{"a":1},"x"]""");
        Assert.Equal("""[1,{"a":1},"x",{"a":1}]""", Apply(new FieldOperation.Add(new JsonArray(JsonNode.Parse("""{"a":1}"""))), current)!.ToJsonString());
        Assert.Equal("""[1,{"a":1},"x",2]""", Apply(new FieldOperation.AddUnique(new JsonArray(JsonNode.Parse("""{"a":1}"""), JsonValue.Create(2))), current)!.ToJsonString());
        Assert.Equal("""["x"]""", Apply(new FieldOperation.Remove(new JsonArray(JsonNode.Parse("""{"a":1}"""), JsonValue.Create(1))), current)!.ToJsonString());
        Assert.Equal("""[1]""", Apply(new FieldOperation.Add(new JsonArray(JsonValue.Create(1))), null)!.ToJsonString());
        Assert.Throws<PhoneAuthException>(() => Apply(new FieldOperation.Add(new JsonArray()), JsonValue.Create(3)));
    }

    [Fact]
    public void DeleteRemovesTheFieldAndSetReplacesIt()
    {
        Assert.Equal("\"(removed)\"", Apply(new FieldOperation.Delete(), JsonValue.Create(1))!.ToJsonString());
        Assert.Equal("true", Apply(new FieldOperation.Set(JsonValue.Create(true)), JsonValue.Create(1))!.ToJsonString());
    }
}
