using Microsoft.Extensions.Logging;
using PhoneAuth.CloudFunctions;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.Server.Import;

/// <summary>What an import did.</summary>
public sealed record ImportReport(int Imported, int AlreadyPresent, IReadOnlyList<string> Rejected);

/// <summary>
/// Writes imported users. Each user is one transaction (the user and its identities), so a row is
/// written whole or not at all. A user whose objectId exists is left alone: a second run changes
/// nothing. Rows that cannot be kept — a malformed number, a taken phone, username or email — are
/// reported with their line and written not at all. No trigger runs: this is a move, not a sign-up.
/// </summary>
public sealed class UserImporter(IUserStore users, string defaultCountryCode, TimeProvider time, ILogger<UserImporter> logger)
{
    public async Task<ImportReport> ImportAsync(IAsyncEnumerable<ImportRow> rows, bool dryRun, CancellationToken cancellationToken)
    {
        int imported = 0, present = 0;
        var rejected = new List<string>();
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
            var record = ToRecord(user, out var problem);
            if (record is null)
            {
                rejected.Add($"line {row.Line}: {problem} (objectId {user.Id})");
                continue;
            }
            if (dryRun)
            {
                imported++;
                continue;
            }
            try
            {
                await users.CreateAsync(record, cancellationToken);
                imported++;
            }
            catch (PhoneAuthException ex) when (ex.Error is AuthError.PhoneNumberTaken or AuthError.UsernameTaken or AuthError.EmailTaken or AuthError.AuthDataTaken)
            {
                rejected.Add($"line {row.Line}: {Taken(ex.Error)} by another user (objectId {user.Id})");
            }
            catch (StorageException ex) when (!ex.IsTransient)
            {
                // The database refused this row's content (PostgreSQL takes no NUL character, for one); an outage still ends the import.
                rejected.Add($"line {row.Line}: the database refused it: {ex.InnerException?.Message ?? ex.Message} (objectId {user.Id})");
            }
        }
        logger.LogInformation(LogEvents.UsersImported, "{Imported} users imported, {Present} already present, {Rejected} rejected{DryRun}",
            imported, present, rejected.Count, dryRun ? " (dry run: nothing written)" : "");
        return new ImportReport(imported, present, rejected);
    }

    private UserRecord? ToRecord(ImportedUser user, out string? problem)
    {
        problem = null;
        string? phone = null;
        if (user.Phone is { Length: > 0 } raw)
        {
            if (!PhoneNumber.TryParse(raw, defaultCountryCode, out var number))
            {
                problem = $"the phone number \"{raw}\" is not valid";
                return null;
            }
            phone = number.E164;
        }
        if (user.Email is { } email && !email.Contains('@'))
        {
            problem = $"the email \"{email}\" is not valid";
            return null;
        }
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

    private static string Taken(AuthError error) => error switch
    {
        AuthError.PhoneNumberTaken => "the phone number is taken",
        AuthError.UsernameTaken => "the username is taken",
        AuthError.EmailTaken => "the email is taken",
        _ => "the authData identity is taken",
    };
}
