using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// A change to one custom field: set, or Parse's <c>__op</c> operators. Applied to the current value
/// under the store's concurrency control (a conditional write for users, the row's lock for objects),
/// so an Increment is never lost to a concurrent write.
/// </summary>
public abstract record FieldOperation
{
    /// <summary>The field's new value. (<see cref="Delete"/> and a null <see cref="Set"/> remove the field instead; see <see cref="ApplyTo"/>.)</summary>
    public abstract JsonNode? Apply(JsonNode? current, string field);

    /// <summary>Applies this operation to <paramref name="field"/> of <paramref name="fields"/>.</summary>
    public void ApplyTo(JsonObject fields, string field)
    {
        // A field set to null is unset, as Parse Server stores it (absent when read, no type in the schema).
        if (this is Delete or Set { Value: null }) fields.Remove(field);
        else fields[field] = Apply(fields[field], field);
    }

    public sealed record Set(JsonNode? Value) : FieldOperation
    {
        public override JsonNode? Apply(JsonNode? current, string field) => Value?.DeepClone();
    }

    public sealed record Delete : FieldOperation
    {
        public override JsonNode? Apply(JsonNode? current, string field) => null;
    }

    public sealed record Increment(JsonNode Amount) : FieldOperation
    {
        public override JsonNode? Apply(JsonNode? current, string field)
        {
            if (current is null) return Amount.DeepClone();
            if (current.GetValueKind() != JsonValueKind.Number)
                throw new PhoneAuthException(AuthError.IncorrectType) { Args = [$"Cannot increment {field}: it is not a number."] };
            // Through JSON text, so that numbers made in C# (JsonValue<int>, <decimal>...) convert like parsed ones.
            var a = JsonNode.Parse(current.ToJsonString())!.AsValue();
            var b = JsonNode.Parse(Amount.ToJsonString())!.AsValue();
            // Checked: a sum past the range is refused, never wrapped around or stored as infinity.
            if (a.TryGetValue<long>(out var x) && b.TryGetValue<long>(out var y))
                return long.MaxValue - Math.Max(y, 0) >= x && long.MinValue - Math.Min(y, 0) <= x ? JsonValue.Create(x + y) : throw Overflow(field);
            var sum = a.GetValue<double>() + b.GetValue<double>();
            return double.IsFinite(sum) ? JsonValue.Create(sum) : throw Overflow(field);
        }
    }

    public enum BitOperator { And, Or, Xor }

    /// <summary>
    /// LeanCloud's BitAnd, BitOr and BitXor: the integer field combined with <paramref name="Value"/>
    /// (a missing field counts as 0), under the same concurrency control as Increment.
    /// </summary>
    public sealed record Bitwise(BitOperator Operator, long Value) : FieldOperation
    {
        public override JsonNode? Apply(JsonNode? current, string field)
        {
            long number = 0;
            if (current is not null && (current.GetValueKind() != JsonValueKind.Number
                || !JsonNode.Parse(current.ToJsonString())!.AsValue().TryGetValue(out number)))
                throw new PhoneAuthException(AuthError.IncorrectType) { Args = [$"Cannot apply a bitwise operation to {field}: it is not an integer."] };
            return JsonValue.Create(Operator switch
            {
                BitOperator.And => number & Value,
                BitOperator.Or => number | Value,
                _ => number ^ Value,
            });
        }
    }

    public sealed record Add(JsonArray Objects) : FieldOperation
    {
        public override JsonNode? Apply(JsonNode? current, string field)
        {
            var list = ArrayOf(current, field);
            foreach (var item in Objects) list.Add(item?.DeepClone());
            return list;
        }
    }

    public sealed record AddUnique(JsonArray Objects) : FieldOperation
    {
        public override JsonNode? Apply(JsonNode? current, string field)
        {
            var list = ArrayOf(current, field);
            foreach (var item in Objects)
                if (!list.Any(existing => JsonNode.DeepEquals(existing, item))) list.Add(item?.DeepClone());
            return list;
        }
    }

    public sealed record Remove(JsonArray Objects) : FieldOperation
    {
        public override JsonNode? Apply(JsonNode? current, string field)
        {
            var list = ArrayOf(current, field);
            return new JsonArray([.. list.Where(existing => !Objects.Any(o => JsonNode.DeepEquals(o, existing))).Select(n => n?.DeepClone())]);
        }
    }

    /// <summary>
    /// AddRelation / RemoveRelation: the members of a relation live apart from the object (the store
    /// changes them in the object's transaction); the field itself holds the relation's stub.
    /// </summary>
    public sealed record Relation(string TargetClass, IReadOnlyList<string> Ids, bool Adds) : FieldOperation
    {
        public override JsonNode? Apply(JsonNode? current, string field) => new JsonObject { ["__type"] = "Relation", ["className"] = TargetClass };
    }

    /// <summary>Several operations on one field, in order (the SDK batches AddRelation with RemoveRelation).</summary>
    public sealed record Batch(IReadOnlyList<FieldOperation> Operations) : FieldOperation
    {
        public override JsonNode? Apply(JsonNode? current, string field)
        {
            foreach (var operation in Operations) current = operation is Delete ? null : operation.Apply(current, field);
            return current;
        }
    }

    /// <summary>How many items the operation carries (Add, AddUnique, Remove, relation members), for the array limit.</summary>
    public int ItemCount => this switch
    {
        Add add => add.Objects.Count,
        AddUnique unique => unique.Objects.Count,
        Remove remove => remove.Objects.Count,
        Relation relation => relation.Ids.Count,
        Batch batch => batch.Operations.Sum(o => o.ItemCount),
        _ => 0,
    };

    private static PhoneAuthException Overflow(string field) =>
        new(AuthError.IncorrectType) { Args = [$"Cannot increment {field}: the result is out of range."] };

    private static JsonArray ArrayOf(JsonNode? current, string field) => current switch
    {
        null => [],
        JsonArray array => (JsonArray)array.DeepClone(),
        _ => throw new PhoneAuthException(AuthError.IncorrectType) { Args = [$"{field} is not an array."] },
    };
}
