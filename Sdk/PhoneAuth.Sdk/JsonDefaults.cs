using System.Text.Json;

namespace PhoneAuth.Sdk;

internal static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = null };
}
