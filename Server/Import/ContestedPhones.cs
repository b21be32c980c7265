using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.Server.Import;

/// <summary>
/// The first pass of an import: the numbers that more than one row claims, with the lines claiming each.
/// A row's phone is its author's word (Parse Server lets users write their own fields), the unique index
/// lets one user only hold a number, and giving it to the first row would reward whoever wrote first: so
/// no claimant gets it, and the operator settles each by hand. Only number → lines is kept in memory.
/// </summary>
internal sealed class ContestedPhones
{
    private readonly Dictionary<string, List<int>> _claims;

    private ContestedPhones(Dictionary<string, List<int>> claims) => _claims = claims;

    /// <summary>Reads every row once; rows that cannot be read or hold no valid number claim nothing.</summary>
    public static async Task<ContestedPhones> FindAsync(IAsyncEnumerable<ImportRow> rows, string defaultCountryCode, CancellationToken cancellationToken)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var contested = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (Canonical(row.User?.Phone, defaultCountryCode) is not { } phone) continue;
            if (contested.TryGetValue(phone, out var lines)) lines.Add(row.Line);
            else if (first.TryGetValue(phone, out var line)) contested[phone] = [line, row.Line];
            else first[phone] = row.Line;
        }
        return new ContestedPhones(contested);
    }

    /// <summary>The number in E.164, or null when there is none or it is not valid.</summary>
    public static string? Canonical(string? raw, string defaultCountryCode) =>
        raw is { Length: > 0 } && PhoneNumber.TryParse(raw, defaultCountryCode, out var number) ? number.E164 : null;

    /// <summary>The other lines claiming <paramref name="phone"/>, or null when <paramref name="line"/> is its only claimant.</summary>
    public IReadOnlyList<int>? OtherClaimants(string phone, int line) =>
        _claims.TryGetValue(phone, out var lines) ? [.. lines.Where(l => l != line)] : null;
}
