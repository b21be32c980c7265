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
        db.InTransactionAsync(async (connection, transaction) =>
        {
            // A new code retires the previous live one its requester asked for, and no other requester's.
            var retire = connection.Command(
                    "UPDATE verification_codes SET consumed_at = @now " +
                    "WHERE phone = @phone AND purpose = @purpose AND consumed_at IS NULL AND " +
                    (code.RequestedBy is null ? "requested_by IS NULL" : "requested_by = @requested_by"), transaction)
                .With("now", code.CreatedAt.ToUnixMs()).With("phone", code.Phone).With("purpose", code.Purpose);
            if (code.RequestedBy is not null) retire.With("requested_by", code.RequestedBy);
            await retire.ExecuteNonQueryAsync(cancellationToken);
            return await connection.Command(
                    "INSERT INTO verification_codes (phone, purpose, code_hash, verifier, requested_by, attempts, created_at, expires_at) " +
                    "VALUES (@phone, @purpose, @code_hash, @verifier, @requested_by, 0, @created_at, @expires_at)", transaction)
                .With("phone", code.Phone).With("purpose", code.Purpose).With("code_hash", code.CodeHash).With("verifier", code.Verifier)
                .With("requested_by", code.RequestedBy)
                .With("created_at", code.CreatedAt.ToUnixMs()).With("expires_at", code.ExpiresAt.ToUnixMs())
                .ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// One statement picks the code and counts the attempt. The conditions are repeated outside the
    /// subquery: a concurrent attempt that counted first makes the row fail them, and nothing changes.
    /// A code without a known requester has no strangers: every attempt on it is its own.
    /// </summary>
    public Task<CodeAttempt?> ClaimAttemptAsync(CodeClaim claim, CancellationToken cancellationToken) =>
        db.WriteAsync(async connection =>
        {
            const string own = "(requested_by IS NULL OR requested_by = @requested_by)";
            const string live = "consumed_at IS NULL AND expires_at > @now AND attempts < @max AND (" + own + " OR foreign_attempts < @max_foreign)";
            await using var reader = await connection.Command(
                    "UPDATE verification_codes SET attempts = attempts + 1, " +
                    "foreign_attempts = foreign_attempts + CASE WHEN " + own + " THEN 0 ELSE 1 END " +
                    "WHERE id = (SELECT id FROM verification_codes WHERE phone = @phone AND purpose = @purpose AND " + live +
                    " ORDER BY CASE WHEN " + own + " THEN 0 ELSE 1 END, id DESC LIMIT 1) AND " + live + " " +
                    "RETURNING id, code_hash, verifier, created_at")
                .With("phone", claim.Phone).With("purpose", claim.Purpose).With("now", claim.Now.ToUnixMs()).With("max", claim.MaxAttempts)
                .With("requested_by", claim.RequestedBy ?? "").With("max_foreign", claim.MaxForeignAttempts)
                .ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? new CodeAttempt(reader.GetInt64(0), reader.GetString(1), reader.GetNullableString(2), SqlCommands.FromUnixMs(reader.GetInt64(3))) : null;
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
