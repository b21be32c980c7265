using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PhoneAuth.CloudFunctions;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.Server.Security;

namespace PhoneAuth.Server.Import;

/// <summary>How an import treats what it reads.</summary>
/// <param name="DryRun">Check and report every row; write nothing.</param>
/// <param name="KeepPublicRead">Keep the public read ("*": {"read": true}) of imported ACLs, which is removed by default.</param>
/// <param name="MaxBcryptCost">Users:MaxBcryptCost: a costlier bcrypt hash is imported, and reported, since it will not be checked.</param>
public sealed record ImportOptions(bool DryRun, bool KeepPublicRead, int MaxBcryptCost);

/// <summary>
/// Writes imported users. Each user is one transaction (the user and its identities), so a row is
/// written whole or not at all. A user whose objectId exists is left alone: a second run changes
/// nothing. Rows that cannot be kept — a malformed number, a taken phone, username or email — are
/// reported with their line and written not at all. A number that several rows claim is given to none
/// of them (see <see cref="ContestedPhones"/>): those rows are written without it and reported. ACLs
/// lose public read unless asked to keep it: Parse Server before 6 made users public (_rperm ["*"]) by
/// default, and users here are private. No trigger runs: this is a move, not a sign-up.
/// </summary>
public sealed class UserImporter(IUserStore users, string defaultCountryCode, TimeProvider time, ILogger<UserImporter> logger)
{
    /// <summary>Reads <paramref name="rows"/> twice: once for the numbers they claim, once to write.</summary>
    public async Task<ImportReport> ImportAsync(IAsyncEnumerable<ImportRow> rows, ImportOptions options, CancellationToken cancellationToken)
    {
        var contested = await ContestedPhones.FindAsync(rows, defaultCountryCode, cancellationToken);
        int imported = 0, present = 0, publicReadRemoved = 0;
        var rejected = new List<string>();
        var warnings = new List<string>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (row.User is not { } user)
            {
                rejected.Add($"line {row.Line}: {row.Error}");
                continue;
            }
            if (await users.FindByIdAsync(user.Id, cancellationToken) is not null)
            {
                present++;
                continue;
            }
            var rowWarnings = new List<string>();
            var record = ToRecord(user, row.Line, contested, options, rowWarnings, out var problem);
            if (record is null)
            {
                rejected.Add($"line {row.Line}: {problem} (objectId {user.Id})");
                continue;
            }
            var removed = !options.KeepPublicRead && HasPublicRead(record.Acl);
            if (removed) record = record with { Acl = WithoutPublicRead(record.Acl!) };
            if (!options.DryRun)
            {
                try
                {
                    await users.CreateAsync(record, cancellationToken);
                }
                catch (PhoneAuthException ex) when (ex.Error is AuthError.PhoneNumberTaken or AuthError.UsernameTaken or AuthError.EmailTaken or AuthError.AuthDataTaken)
                {
                    rejected.Add($"line {row.Line}: {Taken(ex.Error)} by another user (objectId {user.Id})");
                    continue;
                }
                catch (StorageException ex) when (!ex.IsTransient)
                {
                    // The database refused this row's content (PostgreSQL takes no NUL character, for one); an outage still ends the import.
                    rejected.Add($"line {row.Line}: the database refused it: {ex.InnerException?.Message ?? ex.Message} (objectId {user.Id})");
                    continue;
                }
            }
            imported++;
            if (removed) publicReadRemoved++;
            warnings.AddRange(rowWarnings.Select(warning => $"line {row.Line}: {warning} (objectId {user.Id})"));
        }
        logger.LogInformation(LogEvents.UsersImported,
            "{Imported} users imported, {Present} already present, {Rejected} rejected, {Warnings} warnings, {PublicReadRemoved} lost public read{DryRun}",
            imported, present, rejected.Count, warnings.Count, publicReadRemoved, options.DryRun ? " (dry run: nothing written)" : "");
        return new ImportReport(imported, present, rejected, warnings, publicReadRemoved);
    }

    /// <summary>The user to write, with what the operator must see to in <paramref name="warnings"/>; or null and why not.</summary>
    private UserRecord? ToRecord(ImportedUser user, int line, ContestedPhones contested, ImportOptions options, List<string> warnings, out string? problem)
    {
        problem = null;
        string? phone = null;
        if (user.Phone is { Length: > 0 } raw)
        {
            phone = ContestedPhones.Canonical(raw, defaultCountryCode);
            if (phone is null)
            {
                problem = $"the phone number \"{raw}\" is not valid";
                return null;
            }
            if (contested.OtherClaimants(phone, line) is { } others)
            {
                warnings.Add($"the phone number {PhoneMask.Mask(phone)} is also claimed on line{(others.Count == 1 ? "" : "s")} {string.Join(", ", others)}:"
                    + " every row claiming it is imported without it; give it to its owner by hand");
                phone = null;
            }
        }
        if (user.Email is { } email && !email.Contains('@'))
        {
            problem = $"the email \"{email}\" is not valid";
            return null;
        }
        if (user.PasswordHash is { } hash && Bcrypt.IsBcrypt(hash) && Bcrypt.Cost(hash) > options.MaxBcryptCost)
            warnings.Add($"the password's bcrypt cost {Bcrypt.Cost(hash)} is above Users:MaxBcryptCost ({options.MaxBcryptCost}):"
                + " it will not be checked, so this user must reset the password");
        // An export without dates gets the time of the import.
        var created = user.CreatedAt ?? time.GetUtcNow();
        return new UserRecord
        {
            Id = user.Id,
            Username = user.Username,
            Email = user.Email,
            EmailVerified = user.EmailVerified,
            Phone = phone,
            PhoneVerified = phone is not null && user.PhoneVerified,
            PasswordHash = user.PasswordHash,
            AuthData = user.AuthData,
            Fields = user.Fields,
            Acl = user.Acl,
            CreatedAt = created,
            UpdatedAt = user.UpdatedAt ?? created,
            Version = 1,
        };
    }

    private static bool HasPublicRead(JsonObject? acl) => acl?["*"] is JsonObject everyone && ImportValues.Flag(everyone["read"]) == true;

    /// <summary>A copy of <paramref name="acl"/> whose "*" entry keeps its other rights, or is gone when it had none.</summary>
    private static JsonObject WithoutPublicRead(JsonObject acl)
    {
        var copy = (JsonObject)acl.DeepClone();
        var everyone = (JsonObject)copy["*"]!;
        everyone.Remove("read");
        if (everyone.Count == 0) copy.Remove("*");
        return copy;
    }

    private static string Taken(AuthError error) => error switch
    {
        AuthError.PhoneNumberTaken => "the phone number is taken",
        AuthError.UsernameTaken => "the username is taken",
        AuthError.EmailTaken => "the email is taken",
        _ => "the authData identity is taken",
    };
}
