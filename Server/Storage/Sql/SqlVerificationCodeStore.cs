using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>
/// Codes in the <c>verification_codes</c> table. Attempts and consumption are single conditional
/// UPDATEs, so the database, not the process, decides every race.
/// </summary>
public sealed class SqlVerificationCodeStore(SqlDatabase db) : IVerificationCodeStore
{
    public Task AddAsync(VerificationCodeRecord code, CancellationToken cancellationToken) =>
        SqlWriteBatch.WriteAsync(db, batch => Add(batch, code), cancellationToken);

    public void Add(IWriteBatch batch, VerificationCodeRecord code)
    {
        var writes = SqlWriteBatch.Of(batch);
        // A new code retires the previous live one its requester asked for, and no other requester's. The
        // phone's live codes are found first by the phone's index: with requested_by beside phone and purpose
        // in one WHERE, PostgreSQL's generic plan took the requester's index, and a busy address (a carrier's
        // NAT, a benchmark) made every send scan all the codes that address had asked for.
        const string retire = "UPDATE verification_codes SET consumed_at = @now WHERE id IN " +
            "(SELECT id FROM verification_codes WHERE phone = @phone AND purpose = @purpose AND consumed_at IS NULL) AND ";
        if (code.RequestedBy is null)
            writes.Add(retire + "requested_by IS NULL", ("now", code.CreatedAt.ToUnixMs()), ("phone", code.Phone), ("purpose", code.Purpose));
        else
            writes.Add(retire + "requested_by = @requested_by",
                ("now", code.CreatedAt.ToUnixMs()), ("phone", code.Phone), ("purpose", code.Purpose), ("requested_by", code.RequestedBy));
        writes.Add("INSERT INTO verification_codes (phone, purpose, code_hash, verifier, requested_by, attempts, created_at, expires_at) " +
                "VALUES (@phone, @purpose, @code_hash, @verifier, @requested_by, 0, @created_at, @expires_at)",
            ("phone", code.Phone), ("purpose", code.Purpose), ("code_hash", code.CodeHash), ("verifier", code.Verifier),
            ("requested_by", code.RequestedBy), ("created_at", code.CreatedAt.ToUnixMs()), ("expires_at", code.ExpiresAt.ToUnixMs()));
    }

    /// <summary>
    /// One statement picks the code, counts the attempt and consumes a locally checked code whose hash matches.
    /// The conditions are repeated outside the subquery: a concurrent attempt that counted first makes the row
    /// fail them, and nothing changes. A code without a known requester has no strangers: every attempt on it
    /// is its own.
    /// </summary>
    public Task<CodeAttempt?> ClaimAndConsumeAsync(CodeClaim claim, string? codeHash, CancellationToken cancellationToken) =>
        db.WriteAsync(async connection =>
        {
            const string own = "(requested_by IS NULL OR requested_by = @requested_by)";
            const string live = "consumed_at IS NULL AND expires_at > @now AND attempts < @max AND (" + own + " OR foreign_attempts < @max_foreign)";
            await using var reader = await connection.Command(
                    "UPDATE verification_codes SET attempts = attempts + 1, " +
                    "foreign_attempts = foreign_attempts + CASE WHEN " + own + " THEN 0 ELSE 1 END, " +
                    "consumed_at = CASE WHEN verifier IS NULL AND code_hash = @code_hash THEN @now ELSE consumed_at END " +
                    "WHERE id = (SELECT id FROM verification_codes WHERE phone = @phone AND purpose = @purpose AND " + live +
                    " ORDER BY CASE WHEN " + own + " THEN 0 ELSE 1 END, id DESC LIMIT 1) AND " + live + " " +
                    "RETURNING id, code_hash, verifier, created_at, consumed_at")
                .With("phone", claim.Phone).With("purpose", claim.Purpose).With("now", claim.Now.ToUnixMs()).With("max", claim.MaxAttempts)
                .With("requested_by", claim.RequestedBy ?? "").With("max_foreign", claim.MaxForeignAttempts)
                // A stored hash is 64 hex digits or empty (a provider's code): "-" matches neither.
                .With("code_hash", codeHash ?? "-")
                .ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new CodeAttempt(reader.GetInt64(0), reader.GetString(1), reader.GetNullableString(2), SqlCommands.FromUnixMs(reader.GetInt64(3)),
                    Consumed: !reader.IsDBNull(4))
                : null;
        }, cancellationToken);

    public Task<string?> FindRequestedPhoneAsync(string purpose, string requestedBy, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.RunAsync(async connection =>
            await connection.Command(
                    "SELECT phone FROM verification_codes WHERE requested_by = @requested_by AND purpose = @purpose " +
                    "AND consumed_at IS NULL AND expires_at > @now ORDER BY id DESC LIMIT 1")
                .With("requested_by", requestedBy).With("purpose", purpose).With("now", now.ToUnixMs())
                .ExecuteScalarAsync(cancellationToken) as string, cancellationToken);

    public Task<bool> ConsumeAsync(long codeId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WriteAsync(async connection =>
            await connection.Command("UPDATE verification_codes SET consumed_at = @now WHERE id = @id AND consumed_at IS NULL")
                .With("now", now.ToUnixMs()).With("id", codeId).ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);

    public Task<int> InvalidateAsync(string phone, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WriteAsync(connection =>
            connection.Command("UPDATE verification_codes SET consumed_at = @now WHERE phone = @phone AND consumed_at IS NULL")
                .With("now", now.ToUnixMs()).With("phone", phone).ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WriteAsync(connection =>
            connection.Command("DELETE FROM verification_codes WHERE expires_at <= @now")
                .With("now", now.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken), cancellationToken);
}
