using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>
/// Reads one field of a write into a <see cref="FieldOperation"/>: a plain value is a Set; an object
/// with <c>__op</c> is one of Parse's operators (and LeanCloud's Decrement, BitAnd, BitOr and BitXor,
/// where the dialect allows them).
/// A malformed operator is 111 naming the field.
/// </summary>
public static class OperationReader
{
    /// <param name="field">The field's name, for messages.</param>
    /// <param name="value">Its value in the body.</param>
    /// <param name="leanCloudOperators">Whether Decrement, BitAnd, BitOr and BitXor are operators (LeanCloud) or unknown ones (Parse).</param>
    /// <param name="allowRelations">Whether AddRelation and RemoveRelation may be used (objects) or not (users).</param>
    public static FieldOperation Read(string field, JsonNode? value, bool leanCloudOperators = false, bool allowRelations = true)
    {
        if (value is not JsonObject candidate || WireJson.Text(candidate["__op"]) is not { } op)
            return new FieldOperation.Set(value?.DeepClone());
        return op switch
        {
            "Delete" => new FieldOperation.Delete(),
            "Increment" => new FieldOperation.Increment(Amount(candidate, negate: false)),
            "Decrement" when leanCloudOperators => new FieldOperation.Increment(Amount(candidate, negate: true)),
            "BitAnd" when leanCloudOperators => new FieldOperation.Bitwise(FieldOperation.BitOperator.And, Integer(candidate, op)),
            "BitOr" when leanCloudOperators => new FieldOperation.Bitwise(FieldOperation.BitOperator.Or, Integer(candidate, op)),
            "BitXor" when leanCloudOperators => new FieldOperation.Bitwise(FieldOperation.BitOperator.Xor, Integer(candidate, op)),
            "Add" => new FieldOperation.Add(Objects(candidate, "add")),
            "AddUnique" => new FieldOperation.AddUnique(Objects(candidate, "add")),
            "Remove" => new FieldOperation.Remove(Objects(candidate, "remove")),
            "AddRelation" or "RemoveRelation" when allowRelations => Relation(candidate, op == "AddRelation"),
            "Batch" => candidate["ops"] is JsonArray { Count: > 0 and <= 16 } ops
                ? new FieldOperation.Batch([.. ops.Select(o => Read(field, o is JsonObject { } inner && inner["__op"] is not null ? o
                    : throw new PhoneAuthException(AuthError.InvalidJson) { PublicMessage = "a Batch operation takes ops: 1 to 16 operations" }, leanCloudOperators, allowRelations))])
                : throw new PhoneAuthException(AuthError.InvalidJson) { PublicMessage = "a Batch operation takes ops: 1 to 16 operations" },
            var other => throw new PhoneAuthException(AuthError.UnsupportedOperation) { Args = [other.Length <= 32 ? other : other[..32] + "…"] },
        };
    }

    private static JsonNode Amount(JsonObject op, bool negate)
    {
        if (op["amount"] is not JsonValue amount || amount.GetValueKind() != JsonValueKind.Number)
            throw new PhoneAuthException(AuthError.InvalidJson) { PublicMessage = "incrementing must provide a number" };
        if (!negate) return amount.DeepClone();
        var parsed = JsonNode.Parse(amount.ToJsonString())!.AsValue();
        return parsed.TryGetValue<long>(out var whole) && whole != long.MinValue ? JsonValue.Create(-whole) : JsonValue.Create(-parsed.GetValue<double>());
    }

    /// <summary>A bitwise operation's operand: a whole number (LeanCloud's value), or 107 naming the operation.</summary>
    private static long Integer(JsonObject op, string name) =>
        op["value"] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
        && JsonNode.Parse(value.ToJsonString())!.AsValue().TryGetValue<long>(out var number)
            ? number
            : throw new PhoneAuthException(AuthError.InvalidJson) { PublicMessage = $"{name} must provide an integer value" };

    private static JsonArray Objects(JsonObject op, string verb) =>
        op["objects"] is JsonArray objects ? (JsonArray)objects.DeepClone()
            : throw new PhoneAuthException(AuthError.InvalidJson) { PublicMessage = $"objects to {verb} must be an array" };

    /// <summary>
    /// AddRelation / RemoveRelation: objects are pointers to one class. Objects that are not (or not of
    /// one class) make a relation of no class, which fits no field: the schema answers 111 naming both types.
    /// </summary>
    private static FieldOperation.Relation Relation(JsonObject op, bool adds)
    {
        if (op["objects"] is not JsonArray objects) throw new PhoneAuthException(AuthError.InvalidJson) { PublicMessage = "objects to add must be an array" };
        string? target = null;
        var ids = new List<string>();
        foreach (var item in objects)
        {
            var className = item is JsonObject pointer && WireJson.Text(pointer["__type"]) is "Pointer" ? WireJson.Text(pointer["className"]) : null;
            var id = ParseValues.PointerId(item);
            if (className is null || id is null || (target is not null && target != className) || !ClassNames.IsValid(className))
                return new FieldOperation.Relation("", [], adds);
            target = className;
            ids.Add(id);
        }
        return new FieldOperation.Relation(target ?? "", ids, adds);
    }

}
