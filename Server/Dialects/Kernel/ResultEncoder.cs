using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>
/// Encodes what a cloud function returned the way Parse's <c>_encode</c> does: dates as
/// {"__type":"Date"}, users as full {"__type":"Object","className":"_User"} objects, POCOs camelCased.
/// </summary>
public static class ResultEncoder
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new DateTimeOffsetConverter(), new DateTimeConverter() },
    };

    public static JsonNode? Encode(object? value, UserCodec users, string? callerUserId, bool isMaster) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        UserRecord user => EncodeUser(users, user, includePrivate: isMaster || user.Id == callerUserId),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), Options),
    };

    private static JsonObject EncodeUser(UserCodec users, UserRecord user, bool includePrivate)
    {
        var json = new JsonObject { ["__type"] = "Object", ["className"] = "_User" };
        foreach (var (name, field) in users.Write(user, includePrivate)) json[name] = field?.DeepClone();
        return json;
    }

    private sealed class DateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            ParseEncoding.Date(value).WriteTo(writer);
    }

    private sealed class DateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            ParseEncoding.Date(new DateTimeOffset(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value)).WriteTo(writer);
    }
}
