using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>
/// Reads one field of a write into a <see cref="FieldOperation"/>: a plain value is a Set; an object
/// with <c>__op</c> is one of Parse's operators (and LeanCloud's Decrement, where the dialect allows it).
/// A malformed operator is 111 naming the field.
/// </summary>
public static class OperationReader
{
    /// <param name="field">The field's name, for messages.</param>
    /// <param name="value">Its value in the body.</param>
    /// <param name="allowDecrement">Whether {"__op":"Decrement"} is an operator (LeanCloud) or an unknown one (Parse).</param>
    /// <param name="allowRelations">Whether AddRelation and RemoveRelation may be used (objects) or not (users).</param>
    public static FieldOperation Read(string field, JsonNode? value, bool allowDecrement = false, bool allowRelations = true)
    {
        if (value is not JsonObject candidate || WireJson.Text(candidate["__op"]) is not { } op)
            return new FieldOperation.Set(value?.DeepClone());
        return op switch
        {
            "Delete" => new FieldOperation.Delete(),
            "Increment" => new FieldOperation.Increment(Amount(field, candidate, negate: false)),
            "Decrement" when allowDecrement => new FieldOperation.Increment(Amount(field, candidate, negate: true)),
            "Add" => new FieldOperation.Add(Objects(field, candidate)),
            "AddUnique" => new FieldOperation.AddUnique(Objects(field, candidate)),
            "Remove" => new FieldOperation.Remove(Objects(field, candidate)),
            "AddRelation" or "RemoveRelation" when allowRelations => Relation(field, candidate, op == "AddRelation"),
            "Batch" when candidate["ops"] is JsonArray { Count: > 0 and <= 16 } ops =>
                new FieldOperation.Batch([.. ops.Select(o => Read(field, o is JsonObject { } inner && inner["__op"] is not null ? o
                    : throw Incorrect($"Each operation of the Batch on {field} must be an operation."), allowDecrement, allowRelations))]),
            var other => throw Incorrect($"The operation {other} on {field} is not supported."),
        };
    }

    private static JsonNode Amount(string field, JsonObject op, bool negate)
    {
        if (op["amount"] is not JsonValue amount || amount.GetValueKind() != JsonValueKind.Number)
            throw Incorrect($"{WireJson.Text(op["__op"])} of {field} needs a numeric amount.");
        if (!negate) return amount.DeepClone();
        var parsed = JsonNode.Parse(amount.ToJsonString())!.AsValue();
        return parsed.TryGetValue<long>(out var whole) && whole != long.MinValue ? JsonValue.Create(-whole) : JsonValue.Create(-parsed.GetValue<double>());
    }

    private static JsonArray Objects(string field, JsonObject op) =>
        op["objects"] is JsonArray objects ? (JsonArray)objects.DeepClone() : throw Incorrect($"The operation on {field} needs an objects array.");

    /// <summary>AddRelation / RemoveRelation: objects are pointers to one class.</summary>
    private static FieldOperation.Relation Relation(string field, JsonObject op, bool adds)
    {
        if (op["objects"] is not JsonArray { Count: > 0 } objects) throw Incorrect($"The relation operation on {field} needs an objects array.");
        string? target = null;
        var ids = new List<string>();
        foreach (var item in objects)
        {
            var className = item is JsonObject pointer && WireJson.Text(pointer["__type"]) is "Pointer" ? WireJson.Text(pointer["className"]) : null;
            var id = ParseValues.PointerId(item);
            if (className is null || id is null) throw Incorrect($"The relation operation on {field} takes pointers only.");
            if (target is not null && target != className) throw Incorrect($"A relation on {field} holds objects of one class.");
            target = className;
            ids.Add(id);
        }
        return new FieldOperation.Relation(target!, ids, adds);
    }

    private static PhoneAuthException Incorrect(string what) => new(AuthError.IncorrectType) { Args = [what] };
}
