using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhoneAuth.CloudFunctions.Functions;

internal static class FieldTypes
{
    public static bool Matches(FieldType type, JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.String => type == FieldType.String,
        JsonValueKind.Number => type == FieldType.Number,
        JsonValueKind.True or JsonValueKind.False => type == FieldType.Boolean,
        JsonValueKind.Array => type == FieldType.Array,
        JsonValueKind.Object => type == FieldType.Object,
        _ => false,
    };
}
