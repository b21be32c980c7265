using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.CloudFunctions.Users;

/// <summary>
/// A change to one custom field: set, or Parse's <c>__op</c> operators. Applied to the current value
/// under optimistic concurrency, so an Increment is never lost to a concurrent write.
/// </summary>
public abstract record FieldOperation
{
    /// <summary>The field's new value. (<see cref="Delete"/> removes the field instead; see <see cref="ApplyTo"/>.)</summary>
    public abstract JsonNode? Apply(JsonNode? current, string field);

    /// <summary>Applies this operation to <paramref name="field"/> of <paramref name="fields"/>.</summary>
    public void ApplyTo(JsonObject fields, string field)
    {
        if (this is Delete) fields.Remove(field);
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

    private static PhoneAuthException Overflow(string field) =>
        new(AuthError.IncorrectType) { Args = [$"Cannot increment {field}: the result is out of range."] };

    private static JsonArray ArrayOf(JsonNode? current, string field) => current switch
    {
        null => [],
        JsonArray array => (JsonArray)array.DeepClone(),
        _ => throw new PhoneAuthException(AuthError.IncorrectType) { Args = [$"{field} is not an array."] },
    };
}
