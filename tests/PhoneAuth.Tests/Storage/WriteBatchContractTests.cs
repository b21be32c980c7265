using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.Server.Storage.Sql;

namespace PhoneAuth.Tests.Storage;

/// <summary>
/// The phone flow's cheaper writes, on every engine: writes of several stores in one batch (all or none), a
/// code compared and consumed in the statement that counts the attempt, and limits that are only checked.
/// </summary>
public abstract partial class StorageContractTests
{
    private IWriteBatch NewBatch() => new SqlWriteBatches(Database).Begin();

    private static SmsLogEntry LogEntry(string id, string phone) => new()
    {
        Id = id, At = T0, Provider = "bench", MessageId = "m-" + id, Phone = phone, Purpose = "login", Status = "sent", LatencyMs = 1,
    };

    [Fact]
    public async Task ABatchOfSeveralStoresIsWrittenAllOrNone()
    {
        var failing = NewBatch();
        SmsLog.Add(failing, LogEntry("log-1", "+1"));
        Codes.Add(failing, new VerificationCodeRecord { Phone = "+1", Purpose = "login", CodeHash = "h1", CreatedAt = T0, ExpiresAt = T0.AddMinutes(5) });
        Conversions.CountSent(failing, "+86 1700", T0, Hourly);
        SmsLog.Add(failing, LogEntry("log-1", "+1")); // the same id again: the last statement fails
        Assert.False(failing.IsEmpty);
        await Assert.ThrowsAnyAsync<Exception>(() => failing.CommitAsync(None));
        Assert.True(failing.IsEmpty);

        Assert.Empty(await SmsLog.ListAsync("+1", 0, 10, None));
        Assert.Null(await Codes.ClaimAttemptAsync(new("+1", "login", T0, 5), None));
        Assert.Equal(0, (await Conversions.ReadAsync("+86 1700", T0.AddMinutes(1), Hourly, None)).Sent);

        var batch = NewBatch();
        SmsLog.Add(batch, LogEntry("log-2", "+1"));
        Codes.Add(batch, new VerificationCodeRecord { Phone = "+1", Purpose = "login", CodeHash = "h2", CreatedAt = T0, ExpiresAt = T0.AddMinutes(5) });
        Conversions.CountSent(batch, "+86 1700", T0, Hourly);
        await batch.CommitAsync(None);

        Assert.Equal(["log-2"], (await SmsLog.ListAsync("+1", 0, 10, None)).Select(e => e.Id));
        Assert.Equal("h2", (await Codes.ClaimAttemptAsync(new("+1", "login", T0, 5), None))!.CodeHash);
        Assert.Equal(1, (await Conversions.ReadAsync("+86 1700", T0.AddMinutes(1), Hourly, None)).Sent);
    }

    [Fact]
    public async Task ASessionIsWrittenWithTheWritesWaitingForIt()
    {
        foreach (var (session, scope) in new[] { (NewSession("s1", "u1"), "+86 1390"), (NewSession("s2", "u1", "device-a"), "+86 1391") })
        {
            var batch = NewBatch();
            Conversions.CountVerified(batch, scope, T0, Hourly);
            await Sessions.CreateAsync(session, batch, None);
            Assert.True(batch.IsEmpty);
            Assert.Equal(session.Id, (await Sessions.FindByIdAsync(session.Id, None))!.Id);
            Assert.Equal(1, (await Conversions.ReadAsync(scope, T0.AddMinutes(1), Hourly, None)).Verified);
        }

        // A session that cannot be written (its id is taken) writes none of the waiting writes, and leaves them in
        // their batch, for its owner to commit without the session.
        foreach (var (doomedSession, scope) in new[] { (NewSession("s1", "u2") with { TokenHash = "other" }, "+86 1392"), (NewSession("s2", "u2", "device-b") with { TokenHash = "other-2" }, "+86 1393") })
        {
            var doomed = NewBatch();
            Conversions.CountVerified(doomed, scope, T0, Hourly);
            await Assert.ThrowsAnyAsync<Exception>(() => Sessions.CreateAsync(doomedSession, doomed, None));
            Assert.Equal(0, (await Conversions.ReadAsync(scope, T0.AddMinutes(1), Hourly, None)).Verified);
            Assert.False(doomed.IsEmpty);
            await doomed.CommitAsync(None);
            Assert.Equal(1, (await Conversions.ReadAsync(scope, T0.AddMinutes(1), Hourly, None)).Verified);
        }
    }

    [Fact]
    public async Task AnAttemptThatMatchesConsumesTheCodeInTheSameStatement()
    {
        await Codes.AddAsync(new VerificationCodeRecord { Phone = "+1", Purpose = "login", CodeHash = "h1", CreatedAt = T0, ExpiresAt = T0.AddMinutes(5) }, None);
        var claim = new CodeClaim("+1", "login", T0, 4);

        var wrong = await Codes.ClaimAndConsumeAsync(claim, "h2", None);
        Assert.False(wrong!.Consumed);
        var malformed = await Codes.ClaimAndConsumeAsync(claim, null, None);
        Assert.False(malformed!.Consumed);
        var right = await Codes.ClaimAndConsumeAsync(claim, "h1", None);
        Assert.True(right!.Consumed);
        Assert.Equal(T0, right.CreatedAt);
        // Used: no live code is left, and consuming it again fails.
        Assert.Null(await Codes.ClaimAndConsumeAsync(claim, "h1", None));
        Assert.False(await Codes.ConsumeAsync(right.CodeId, T0, None));

        // The wrong and the malformed attempt counted: a fresh code with the same limit has room for exactly one more after three.
        await Codes.AddAsync(new VerificationCodeRecord { Phone = "+2", Purpose = "login", CodeHash = "h3", CreatedAt = T0, ExpiresAt = T0.AddMinutes(5) }, None);
        var second = new CodeClaim("+2", "login", T0, 3);
        Assert.False((await Codes.ClaimAndConsumeAsync(second, "x", None))!.Consumed);
        Assert.False((await Codes.ClaimAndConsumeAsync(second, null, None))!.Consumed);
        Assert.False((await Codes.ClaimAndConsumeAsync(second, "y", None))!.Consumed);
        Assert.Null(await Codes.ClaimAndConsumeAsync(second, "h3", None));
    }

    [Fact]
    public async Task AProvidersCodeIsNeverConsumedByAHash()
    {
        await Codes.AddAsync(new VerificationCodeRecord { Phone = "+1", Purpose = "login", CodeHash = "", Verifier = "leancloud", CreatedAt = T0, ExpiresAt = T0.AddMinutes(5) }, None);
        var attempt = await Codes.ClaimAndConsumeAsync(new CodeClaim("+1", "login", T0, 5), "", None);
        Assert.False(attempt!.Consumed);
        Assert.Equal("leancloud", attempt.Verifier);
        Assert.True(await Codes.ConsumeAsync(attempt.CodeId, T0, None));
    }

    [Fact]
    public async Task ACheckedOnlyRuleRefusesButIsNeverRecorded()
    {
        var locked = new RateLimitRule("lock", 1, TimeSpan.FromMinutes(10), "lock") { CheckOnly = true };
        var sends = new RateLimitRule("sends", 10, TimeSpan.FromMinutes(10), "sends");
        var budget = new RateLimitRule("budget", 1000, TimeSpan.FromHours(1), "budget");
        Assert.True((await Limits.TryAcquireAsync([locked, sends, budget], T0, None)).Allowed);
        Assert.True((await Limits.TryAcquireAsync([locked, sends, budget], T0, None)).Allowed);
        // Two sends went through the lock's check, and the lock has no event.
        Assert.True((await Limits.CheckAsync([locked with { CheckOnly = false }], T0, None)).Allowed);

        await Limits.RecordAsync([locked with { CheckOnly = false }], T0.AddMinutes(1), None);
        var refused = await Limits.TryAcquireAsync([locked, sends, budget], T0.AddMinutes(2), None);
        Assert.False(refused.Allowed);
        Assert.Equal(locked, refused.Blocked);
        Assert.Equal(TimeSpan.FromMinutes(9), refused.RetryAfter);
        // The refusal recorded nothing: eight more sends fit, then the ninth is refused by "sends".
        for (var i = 0; i < 8; i++) Assert.True((await Limits.TryAcquireAsync([sends, budget], T0.AddMinutes(3), None)).Allowed);
        Assert.Equal("sends", (await Limits.TryAcquireAsync([sends, budget], T0.AddMinutes(3), None)).Blocked!.Name);
    }
}
