using PhoneAuth.CloudFunctions.Functions;

namespace PhoneAuth.Tests.Functions;

/// <summary>Rules are checked when a function is defined, not when it is called.</summary>
public sealed class RegistryTests
{
    [Fact]
    public void ANameCanBeDefinedOnce()
    {
        var registry = new CloudFunctionRegistry();
        registry.Define("f", _ => (object?)null);
        Assert.Throws<InvalidOperationException>(() => registry.Define("f", _ => (object?)null));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    public void AnInvalidNameIsRefused(string name) =>
        Assert.Throws<ArgumentException>(() => new CloudFunctionRegistry().Define(name, _ => (object?)null));

    [Fact]
    public void InconsistentRulesAreRefused()
    {
        var registry = new CloudFunctionRegistry();
        Assert.Throws<ArgumentException>(() => registry.Define("a", _ => (object?)null, new CloudFunctionRules
        {
            Fields = new Dictionary<string, FieldRule> { ["x"] = new() { Type = FieldType.Number, Options = ["one"] } },
        }));
        Assert.Throws<ArgumentException>(() => registry.Define("b", _ => (object?)null, new CloudFunctionRules
        {
            Fields = new Dictionary<string, FieldRule> { ["x"] = new() { Type = FieldType.Boolean, Default = "yes" } },
        }));
        Assert.Throws<ArgumentException>(() => registry.Define("c", _ => (object?)null, new CloudFunctionRules
        {
            RateLimit = new FunctionRateLimit { RequestCount = 0, RequestTimeWindow = TimeSpan.FromMinutes(1) },
        }));
        Assert.Throws<ArgumentException>(() => registry.Define("d", _ => (object?)null, new CloudFunctionRules { RequireUser = true, RequireMaster = true }));
        Assert.Empty(registry.Names);
    }
}
