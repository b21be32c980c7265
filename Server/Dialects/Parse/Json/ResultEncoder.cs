using System.Text.Json.Nodes;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Dialects.Parse.Json;

/// <summary>
/// Encodes what a cloud function returned the way Parse's <c>_encode</c> does: dates as
/// {"__type":"Date"}, users as full {"__type":"Object","className":"_User"} objects, POCOs camelCased.
/// </summary>
public static class ResultEncoder
{
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        ContractResolver = new DefaultContractResolver { NamingStrategy = new CamelCaseNamingStrategy { ProcessDictionaryKeys = false } },
        Converters = { new DateConverter(), new JsonNodeConverter() },
        ReferenceLoopHandling = ReferenceLoopHandling.Error,
    });

    public static JToken Encode(object? value, string? callerUserId, bool isMaster) => value switch
    {
        null => JValue.CreateNull(),
        JToken token => token,
        JsonNode node => JsonNodes.ToToken(node),
        UserRecord user => EncodeUser(user, includePrivate: isMaster || user.Id == callerUserId),
        _ => JToken.FromObject(value, Serializer),
    };

    private static JObject EncodeUser(UserRecord user, bool includePrivate)
    {
        var json = UserJson.Write(user, includePrivate);
        json.AddFirst(new JProperty("className", "_User"));
        json.AddFirst(new JProperty("__type", "Object"));
        return json;
    }

    private sealed class DateConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) =>
            objectType == typeof(DateTime) || objectType == typeof(DateTimeOffset)
            || objectType == typeof(DateTime?) || objectType == typeof(DateTimeOffset?);

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
        {
            var instant = value switch
            {
                DateTimeOffset dto => dto,
                DateTime dt => new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt),
                _ => throw new JsonSerializationException("Not a date."),
            };
            ParseJson.Date(instant).WriteTo(writer);
        }

        public override object ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
            throw new NotSupportedException();
    }

    private sealed class JsonNodeConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => typeof(JsonNode).IsAssignableFrom(objectType);

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer) =>
            JsonNodes.ToToken((JsonNode?)value).WriteTo(writer);

        public override object ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
            throw new NotSupportedException();
    }
}
