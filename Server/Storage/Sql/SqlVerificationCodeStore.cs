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
            // A new code retires the previous live one of the same phone and purpose.
            await connection.Command(
                    "UPDATE verification_codes SET consumed_at = @now " +
                    "WHERE phone = @phone AND purpose = @purpose AND consumed_at IS NULL", transaction)
                .With("now", code.CreatedAt.ToUnixMs()).With("phone", code.Phone).With("purpose", code.Purpose)
                .ExecuteNonQueryAsync(cancellationToken);
            return await connection.Command(
                    "INSERT INTO verification_codes (phone, purpose, code_hash, verifier, requested_by, attempts, created_at, expires_at) " +
                    "VALUES (@phone, @purpose, @code_hash, @verifier, @requested_by, 0, @created_at, @expires_at)", transaction)
                .With("phone", code.Phone).With("purpose", code.Purpose).With("code_hash", code.CodeHash).With("verifier", code.Verifier)
                .With("requested_by", code.RequestedBy)
                .With("created_at", code.CreatedAt.ToUnixMs()).With("expires_at", code.ExpiresAt.ToUnixMs())
                .ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<CodeAttempt?> ClaimAttemptAsync(string phone, string purpose, DateTimeOffset now, int maxAttempts, CancellationToken cancellationToken) =>
        db.WriteAsync(async connection =>
        {
            await using var reader = await connection.Command(
                    "UPDATE verification_codes SET attempts = attempts + 1 " +
                    "WHERE id = (SELECT MAX(id) FROM verification_codes WHERE phone = @phone AND purpose = @purpose) " +
                    "AND consumed_at IS NULL AND expires_at > @now AND attempts < @max " +
                    "RETURNING id, code_hash, verifier")
                .With("phone", phone).With("purpose", purpose).With("now", now.ToUnixMs()).With("max", maxAttempts)
                .ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? new CodeAttempt(reader.GetInt64(0), reader.GetString(1), reader.GetNullableString(2)) : null;
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
