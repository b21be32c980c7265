using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.Server.Storage.Sql;

namespace PhoneAuth.Tests.Storage;

/// <summary>
/// What every storage engine must do, written once and run unchanged against each engine
/// (like Identity's UserManagerSpecificationTestBase). Each test gets a fresh, migrated database.
/// </summary>
public abstract partial class StorageContractTests : IAsyncLifetime
{
    private SqlDatabase _db = null!;
    protected IUserStore Users { get; private set; } = null!;
    protected ISessionStore Sessions { get; private set; } = null!;
    protected IVerificationCodeStore Codes { get; private set; } = null!;
    protected IRateLimitStore Limits { get; private set; } = null!;
    protected IIdempotencyStore Idempotency { get; private set; } = null!;
    protected ITicketStore Tickets { get; private set; } = null!;
    protected ISmsLogStore SmsLog { get; private set; } = null!;
    protected IObjectStore Objects { get; private set; } = null!;
    protected ISchemaStore Schemas { get; private set; } = null!;
    protected SqlDatabase Database => _db;
    protected SqlFlavor Flavor { get; private set; } = null!;
    protected SqlUserChangeFeed Changes { get; private set; } = null!;

    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>What the master key may read: everything.</summary>
    protected static readonly QueryScope AsMaster = new(Viewer.Master, new Dictionary<string, ClassSchema>());

    /// <summary>What a user (or, for null, nobody) may read, without roles.</summary>
    protected static QueryScope As(string? userId) =>
        new(userId is null ? Viewer.Anonymous : new Viewer(false, userId, new HashSet<string>()), new Dictionary<string, ClassSchema>());

    /// <summary>An engine's SQL flavor on a new, empty database.</summary>
    protected abstract Task<SqlFlavor> CreateFlavorAsync();

    public async Task InitializeAsync()
    {
        Flavor = await CreateFlavorAsync();
        _db = new SqlDatabase(Flavor, NullLogger<SqlDatabase>.Instance);
        await NewMigrator().MigrateAsync(None);
        Changes = new SqlUserChangeFeed(_db, TimeProvider.System);
        Users = new SqlUserStore(_db, Changes);
        Sessions = new SqlSessionStore(_db, Changes);
        Codes = new SqlVerificationCodeStore(_db);
        Limits = new SqlRateLimitStore(_db);
        Idempotency = new SqlIdempotencyStore(_db);
        Tickets = new SqlTicketStore(_db);
        Objects = new SqlObjectStore(_db);
        Schemas = new SqlSchemaStore(_db);
        SmsLog = new SqlSmsLogStore(_db);
    }

    public async Task DisposeAsync()
    {
        if (Flavor is IAsyncDisposable disposable) await disposable.DisposeAsync();
    }

    private SqlSchemaMigrator NewMigrator() => new(_db, TimeProvider.System, NullLogger<SqlSchemaMigrator>.Instance);

    private static UserRecord NewUser(string id, string? phone = null, string? email = null, JsonObject? fields = null, JsonObject? acl = null, JsonObject? authData = null) => new()
    {
        Id = id, Username = "User_" + id, Phone = phone, Email = email, Fields = fields ?? [], Acl = acl, AuthData = authData,
        CreatedAt = T0, UpdatedAt = T0, Version = 1,
    };

    // ---- users -------------------------------------------------------------------------------

    [Fact]
    public async Task AUserIsFoundByIdPhoneUsernameEmailAndIdentity()
    {
        var user = NewUser("u1", "+8613800138000", "Ann@Example.com", authData: JsonNode.Parse("""{"anonymous":{"id":"anon-1"}}""")!.AsObject());
        await Users.CreateAsync(user, None);

        Assert.Equal("u1", (await Users.FindByIdAsync("u1", None))!.Id);
        Assert.Equal("u1", (await Users.FindByPhoneAsync("+8613800138000", None))!.Id);
        Assert.Equal("u1", (await Users.FindByUsernameAsync("user_U1", None))!.Id);
        Assert.Equal("u1", (await Users.FindByEmailAsync("ann@example.COM", None))!.Id);
        Assert.Equal("u1", (await Users.FindByAuthDataAsync("anonymous", "anon-1", None))!.Id);
        Assert.Null(await Users.FindByIdAsync("nobody", None));
        Assert.Null(await Users.FindByAuthDataAsync("anonymous", "anon-2", None));
    }

    [Fact]
    public async Task EveryFieldRoundTripsExactly()
    {
        var fields = JsonNode.Parse("""{"text":"你好 ✓","int":9007199254740991,"float":0.1,"neg":-3,"yes":true,"none":null,"list":[1,"a",{"b":[]}],"ptr":{"__type":"Pointer","className":"_User","objectId":"x"}}""")!.AsObject();
        var user = NewUser("u1", email: "a@b.c", fields: fields) with
        {
            EmailVerified = false, PhoneVerified = true, PasswordHash = "hash", Acl = JsonNode.Parse("""{"*":{"read":true}}""")!.AsObject(),
            FailedLoginCount = 2, LockoutUntil = T0.AddMinutes(5), UpdatedAt = T0.AddMilliseconds(1),
        };
        await Users.CreateAsync(user, None);
        var read = (await Users.FindByIdAsync("u1", None))!;
        Assert.True(JsonNode.DeepEquals(fields, read.Fields), read.Fields.ToJsonString());
        Assert.Equal(user with { Fields = read.Fields, Acl = read.Acl }, read);
        Assert.True(JsonNode.DeepEquals(user.Acl, read.Acl));
    }

    [Fact]
    public async Task UniquenessIsDecidedByTheDatabase()
    {
        await Users.CreateAsync(NewUser("u1", "+8613800138000", "a@x.io", authData: JsonNode.Parse("""{"anonymous":{"id":"a"}}""")!.AsObject()), None);
        async Task<AuthError> CreateFailure(UserRecord user) => (await Assert.ThrowsAsync<PhoneAuthException>(() => Users.CreateAsync(user, None))).Error;

        Assert.Equal(AuthError.PhoneNumberTaken, await CreateFailure(NewUser("u2", "+8613800138000")));
        Assert.Equal(AuthError.EmailTaken, await CreateFailure(NewUser("u3", email: "A@X.IO")));
        Assert.Equal(AuthError.UsernameTaken, await CreateFailure(NewUser("u4") with { Username = "USER_U1" }));
        Assert.Equal(AuthError.AuthDataTaken, await CreateFailure(NewUser("u5", authData: JsonNode.Parse("""{"anonymous":{"id":"a"}}""")!.AsObject())));
        Assert.Null(await Users.FindByIdAsync("u5", None)); // nothing half-written
        await Users.CreateAsync(NewUser("u6", "+8613800138001", "b@x.io"), None);
    }

    [Fact]
    public async Task AnUpdateIsConditionalOnTheVersionRead()
    {
        await Users.CreateAsync(NewUser("u1"), None);
        var read = (await Users.FindByIdAsync("u1", None))!;
        Assert.True(await Users.UpdateAsync(read with { Username = "renamed", Version = 2 }, expectedVersion: 1, None));
        Assert.False(await Users.UpdateAsync(read with { Username = "stale", Version = 2 }, expectedVersion: 1, None));
        var after = (await Users.FindByIdAsync("u1", None))!;
        Assert.Equal("renamed", after.Username);
        Assert.Equal(2, after.Version);
    }

    [Fact]
    public async Task AnUpdateMovesIdentitiesAndTakenValuesAreRefused()
    {
        await Users.CreateAsync(NewUser("u1", authData: JsonNode.Parse("""{"anonymous":{"id":"a"}}""")!.AsObject()), None);
        await Users.CreateAsync(NewUser("u2", "+8613800138000"), None);
        var u1 = (await Users.FindByIdAsync("u1", None))!;

        var taken = await Assert.ThrowsAsync<PhoneAuthException>(() => Users.UpdateAsync(u1 with { Phone = "+8613800138000", Version = 2 }, 1, None));
        Assert.Equal(AuthError.PhoneNumberTaken, taken.Error);
        Assert.True(await Users.UpdateAsync(u1 with { AuthData = null, Version = 2 }, 1, None));
        Assert.Null(await Users.FindByAuthDataAsync("anonymous", "a", None));
        var u2 = (await Users.FindByIdAsync("u2", None))!;
        Assert.True(await Users.UpdateAsync(u2 with { AuthData = JsonNode.Parse("""{"anonymous":{"id":"a"}}""")!.AsObject(), Version = 2 }, 1, None));
        Assert.Equal("u2", (await Users.FindByAuthDataAsync("anonymous", "a", None))!.Id);
    }

    [Fact]
    public async Task DeletingAUserFreesItsIdentities()
    {
        await Users.CreateAsync(NewUser("u1", authData: JsonNode.Parse("""{"anonymous":{"id":"a"}}""")!.AsObject()), None);
        Assert.True(await Users.DeleteAsync("u1", None));
        Assert.False(await Users.DeleteAsync("u1", None));
        await Users.CreateAsync(NewUser("u2", authData: JsonNode.Parse("""{"anonymous":{"id":"a"}}""")!.AsObject()), None);
    }

    [Fact]
    public async Task QueriesCompareFieldsOfEveryTypeAsJson()
    {
        await Users.CreateAsync(NewUser("u1", fields: JsonNode.Parse("""{"n":3,"s":"x","b":true,"o":{"k":1},"p":{"__type":"Pointer","className":"_User","objectId":"u9"}}""")!.AsObject()) with { EmailVerified = true }, None);
        await Users.CreateAsync(NewUser("u2", fields: JsonNode.Parse("""{"n":3.5,"s":"y","b":false,"z":null}""")!.AsObject()), None);
        async Task<string[]> Ids(params Condition[] conditions) =>
            [.. (await Users.QueryAsync(new ObjectQuery { ClassName = ClassNames.User, Where = new AllOf(conditions) }, AsMaster, None)).Users.Select(u => u.Id)];
        Condition Is(string field, params JsonNode?[] values) => values.Length == 1
            ? new Comparison(FieldPath.Of(field), Comparator.Equal, values[0])
            : new InList(FieldPath.Of(field), values, Negated: false);

        Assert.Equal(["u1"], await Ids(Is("n", JsonValue.Create(3))));
        Assert.Equal(["u2"], await Ids(Is("n", JsonValue.Create(3.5))));
        Assert.Equal(["u1", "u2"], await Ids(Is("s", JsonValue.Create("x"), JsonValue.Create("y"))));
        Assert.Equal(["u2"], await Ids(Is("b", JsonValue.Create(false))));
        Assert.Equal(["u1"], await Ids(Is("o", JsonNode.Parse("""{"k":1}"""))));
        Assert.Equal(["u1"], await Ids(Is("p", JsonNode.Parse("""{"__type":"Pointer","className":"_User","objectId":"u9"}"""))));
        Assert.Equal(["u1", "u2"], await Ids(Is("z", [null])));
        Assert.Equal(["u1"], await Ids(Is("missing", [null]), Is("n", JsonValue.Create(3))));
        Assert.Empty(await Ids(Is("n", JsonValue.Create("3"))));
        Assert.Equal(["u1"], await Ids(Is("emailVerified", JsonValue.Create(true))));
        Assert.Equal(["u2"], await Ids(Is("objectId", JsonValue.Create("u2"))));
        Assert.Equal(["u1"], await Ids(Is("username", JsonValue.Create("User_u1"))));
        Assert.Empty(await Ids(Is("username", JsonValue.Create(1))));
    }

    [Fact]
    public async Task QueriesOrderSkipLimitAndCount()
    {
        foreach (var (id, rank) in new[] { ("a", 3), ("b", 1), ("c", 2), ("d", 5) })
            await Users.CreateAsync(NewUser(id, fields: new JsonObject { ["rank"] = rank }), None);
        var query = new ObjectQuery { ClassName = ClassNames.User, Order = [new OrderKey(FieldPath.Of("rank"), Descending: true)], Skip = 1, Limit = 2, Count = true };

        var result = await Users.QueryAsync(query, AsMaster, None);

        Assert.Equal(["a", "c"], result.Users.Select(u => u.Id));
        Assert.Equal(4, result.Count);
        Assert.Equal(4, (await Users.QueryAsync(query with { Limit = 0 }, AsMaster, None)).Count);
        Assert.Empty((await Users.QueryAsync(query with { Limit = 0 }, AsMaster, None)).Users);
        var ascending = new ObjectQuery { ClassName = ClassNames.User, Order = [new OrderKey(FieldPath.Of("rank"), false)] };
        Assert.Equal(["b", "c", "a", "d"], (await Users.QueryAsync(ascending, AsMaster, None)).Users.Select(u => u.Id));
    }

    [Fact]
    public async Task AViewerSeesItselfAndPublicUsersOnly()
    {
        await Users.CreateAsync(NewUser("me"), None);
        await Users.CreateAsync(NewUser("private"), None);
        await Users.CreateAsync(NewUser("public", acl: JsonNode.Parse("""{"*":{"read":true}}""")!.AsObject()), None);
        async Task<string[]> Seen(string? viewer) =>
            [.. (await Users.QueryAsync(new ObjectQuery { ClassName = ClassNames.User, Order = [new OrderKey(FieldPath.Of("objectId"), false)] }, As(viewer), None)).Users.Select(u => u.Id)];

        Assert.Equal(["me", "public"], await Seen("me"));
        Assert.Equal(["public"], await Seen(null));
    }

    [Fact]
    public async Task FailedLoginsAreCountedAtomicallyAndLockAtTheThreshold()
    {
        await Users.CreateAsync(NewUser("u1"), None);
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Users.RecordFailedLoginAsync("u1", T0, 5, TimeSpan.FromMinutes(5), None))));
        Assert.Equal(Enumerable.Range(1, 10), results.Select(r => r.Count).Order());
        Assert.All(results.Where(r => r.Count >= 5), r => Assert.Equal(T0.AddMinutes(5), r.LockoutUntil));
        Assert.All(results.Where(r => r.Count < 5), r => Assert.Null(r.LockoutUntil));

        // The lock is not extended while it runs; after it ends, the next failure starts a new one.
        Assert.Equal(T0.AddMinutes(5), (await Users.RecordFailedLoginAsync("u1", T0.AddMinutes(1), 5, TimeSpan.FromMinutes(5), None)).LockoutUntil);
        Assert.Equal(T0.AddMinutes(11), (await Users.RecordFailedLoginAsync("u1", T0.AddMinutes(6), 5, TimeSpan.FromMinutes(5), None)).LockoutUntil);
        await Users.ResetFailedLoginsAsync("u1", None);
        var reset = (await Users.FindByIdAsync("u1", None))!;
        Assert.Equal(0, reset.FailedLoginCount);
        Assert.Null(reset.LockoutUntil);
    }

    // ---- user changes ------------------------------------------------------------------------

    /// <summary>Listens as another process would, until disposed; <see cref="Heard"/> collects what it hears.</summary>
    private sealed class Listener : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _run;

        public Listener(SqlFlavor flavor) =>
            _run = Task.Run(() => flavor.ListenForUserChangesAsync(Heard.Enqueue, _listening.SetResult, _stop.Token));

        public System.Collections.Concurrent.ConcurrentQueue<string> Heard { get; } = new();

        public Task Listening => _listening.Task.WaitAsync(TimeSpan.FromSeconds(10));

        /// <summary>Waits until every id in <paramref name="expected"/> was heard, then a little longer for strays.</summary>
        public async Task<IReadOnlyList<string>> HearAsync(params string[] expected)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!expected.All(Heard.Contains) && DateTime.UtcNow < deadline) await Task.Delay(20);
            await Task.Delay(300);
            return [.. Heard];
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try { await _run; } catch (OperationCanceledException) { }
        }
    }

    [Fact]
    public async Task EveryWriteToAUserAndEveryEndedSessionIsHeardByThisProcessAtOnceAndByOthersAtCommit()
    {
        await using var other = new Listener(Flavor);
        await other.Listening;
        var raised = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        Changes.Changed += raised.Enqueue;
        foreach (var id in new[] { "u1", "u2", "u3", "u4", "u5", "u6" }) await Users.CreateAsync(NewUser(id), None);
        await Sessions.CreateAsync(NewSession("s1", "u1"), None);
        await Sessions.CreateAsync(NewSession("s2", "u2"), None);
        await Sessions.CreateAsync(NewSession("s3", "u3", "device"), None);
        Assert.Empty(raised); // creating users and sessions ends nothing

        Assert.True(await Sessions.DeleteByIdAsync("s1", None));
        Assert.Equal(["u1"], raised);
        Assert.True(await Sessions.DeleteByTokenHashAsync("hash-s2", None));
        await Sessions.CreateAsync(NewSession("s4", "u3", "device"), None); // replaces s3
        Assert.Equal(1, await Sessions.DeleteByUserAsync("u3", null, None));
        var u4 = (await Users.FindByIdAsync("u4", None))!;
        Assert.True(await Users.UpdateAsync(u4 with { Username = "renamed", Version = 2 }, 1, None));
        await Users.RecordFailedLoginAsync("u5", T0, 5, TimeSpan.FromMinutes(1), None);
        Assert.True(await Users.DeleteAsync("u6", None));

        string[] expected = ["u1", "u2", "u3", "u3", "u4", "u5", "u6"];
        Assert.Equal(expected, raised);
        Assert.Equal(expected, await other.HearAsync(expected));
        // SQLite keeps announcements in a table until the sweeper deletes them; PostgreSQL keeps none.
        var stored = Flavor is PhoneAuth.Server.Storage.Sqlite.SqliteFlavor ? expected.Length : 0;
        Assert.Equal(stored, await Changes.DeleteOlderThanAsync(DateTimeOffset.UtcNow.AddMinutes(1), None));
    }

    [Fact]
    public async Task AWriteThatDoesNotHappenIsNotAnnounced()
    {
        await using var other = new Listener(Flavor);
        await other.Listening;
        var raised = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        Changes.Changed += raised.Enqueue;
        await Users.CreateAsync(NewUser("u1", authData: JsonNode.Parse("""{"anonymous":{"id":"a1"}}""")!.AsObject()), None);
        await Users.CreateAsync(NewUser("u2"), None);

        var u2 = (await Users.FindByIdAsync("u2", None))!;
        Assert.False(await Users.UpdateAsync(u2 with { Username = "stale", Version = 3 }, 2, None)); // lost the version race
        // The row is updated, then the identity insert violates uniqueness: the transaction rolls back.
        var taken = await Assert.ThrowsAsync<PhoneAuth.CloudFunctions.Errors.PhoneAuthException>(() =>
            Users.UpdateAsync(u2 with { AuthData = JsonNode.Parse("""{"anonymous":{"id":"a1"}}""")!.AsObject(), Version = 2 }, 1, None));
        Assert.Equal(PhoneAuth.CloudFunctions.Errors.AuthError.AuthDataTaken, taken.Error);
        Assert.False(await Sessions.DeleteByIdAsync("none", None));
        await Users.ResetFailedLoginsAsync("u2", None); // nothing to reset

        Assert.Empty(raised);
        Assert.Empty(await other.HearAsync());
    }

    // ---- sessions ----------------------------------------------------------------------------

    private static SessionRecord NewSession(string id, string user, string? installation = null, DateTimeOffset? created = null) => new()
    {
        Id = id, TokenHash = "hash-" + id, UserId = user, InstallationId = installation, CreatedWith = PhoneAuth.CloudFunctions.Sessions.LoginKind.LogIn, CreatedWithProvider = "password",
        CreatedAt = created ?? T0, UpdatedAt = created ?? T0, ExpiresAt = (created ?? T0).AddDays(1),
    };

    [Fact]
    public async Task SessionsAreFoundByTokenHashAndIdAndDeleted()
    {
        await Sessions.CreateAsync(NewSession("s1", "u1"), None);
        Assert.Equal(NewSession("s1", "u1"), await Sessions.FindByTokenHashAsync("hash-s1", None));
        Assert.Equal("s1", (await Sessions.FindByIdAsync("s1", None))!.Id);
        Assert.True(await Sessions.DeleteByTokenHashAsync("hash-s1", None));
        Assert.False(await Sessions.DeleteByTokenHashAsync("hash-s1", None));
        Assert.Null(await Sessions.FindByIdAsync("s1", None));
    }

    [Fact]
    public async Task OneSessionPerUserAndInstallation()
    {
        await Sessions.CreateAsync(NewSession("s1", "u1", "device-a"), None);
        await Sessions.CreateAsync(NewSession("s2", "u1", "device-b"), None);
        await Sessions.CreateAsync(NewSession("s3", "u2", "device-a"), None);
        await Sessions.CreateAsync(NewSession("s4", "u1", "device-a"), None);
        await Sessions.CreateAsync(NewSession("s5", "u1"), None);
        await Sessions.CreateAsync(NewSession("s6", "u1"), None);

        Assert.Null(await Sessions.FindByIdAsync("s1", None));
        Assert.Equal(["s2", "s4", "s5", "s6"], (await SessionIds(As("u1"))).Order());
    }

    [Fact]
    public async Task SessionsQueryByOwnerAndOrderAndDeleteByUserOrExpiry()
    {
        await Sessions.CreateAsync(NewSession("old", "u1", created: T0), None);
        await Sessions.CreateAsync(NewSession("new", "u1", created: T0.AddHours(1)), None);
        await Sessions.CreateAsync(NewSession("other", "u2", created: T0.AddHours(2)), None);
        var newestFirst = new[] { new OrderKey(FieldPath.Of("createdAt"), Descending: true) };

        Assert.Equal(["old", "new"], await SessionIds(As("u1")));
        Assert.Equal(["new", "old"], await SessionIds(As("u1"), order: newestFirst));
        Assert.Equal(["new"], await SessionIds(As("u1"), order: newestFirst, limit: 1));
        Assert.Equal(["other", "new", "old"], await SessionIds(AsMaster, order: newestFirst));
        Assert.Equal(["other"], await SessionIds(AsMaster, new Comparison(FieldPath.Of("user"), Comparator.Equal, JsonNode.Parse("""{"__type":"Pointer","className":"_User","objectId":"u2"}"""))));
        Assert.Empty(await SessionIds(As(null)));
        Assert.Equal(1, await Sessions.DeleteByUserAsync("u1", exceptId: "new", None));
        Assert.Equal(1, await Sessions.DeleteExpiredAsync(T0.AddDays(1).AddHours(1), None));
        Assert.Equal(["other"], await SessionIds(AsMaster));
    }

    private async Task<string[]> SessionIds(QueryScope scope, Condition? where = null, IReadOnlyList<OrderKey>? order = null, int limit = 100) =>
        [.. (await Sessions.QueryAsync(new ObjectQuery { ClassName = ClassNames.Session, Where = where ?? AllOf.Always, Order = order ?? [], Limit = limit }, scope, None))
            .Sessions.Select(s => s.Id)];

    // ---- codes -------------------------------------------------------------------------------

    private Task AddCodeAsync(string phone, string hash, DateTimeOffset? at = null, string purpose = "login") =>
        Codes.AddAsync(new VerificationCodeRecord { Phone = phone, Purpose = purpose, CodeHash = hash, CreatedAt = at ?? T0, ExpiresAt = (at ?? T0).AddMinutes(5) }, None);

    [Fact]
    public async Task AttemptsAreCountedUpToTheLimit()
    {
        await AddCodeAsync("+1", "h1");
        for (var i = 0; i < 5; i++) Assert.Equal("h1", (await Codes.ClaimAttemptAsync(new("+1", "login", T0, 5), None))!.CodeHash);
        Assert.Null(await Codes.ClaimAttemptAsync(new("+1", "login", T0, 5), None));
        Assert.Null(await Codes.ClaimAttemptAsync(new("+1", "unbind", T0, 5), None));
    }

    [Fact]
    public async Task TheNumberAClientLastAskedALiveCodeForIsFoundByWhoAskedNeverByTheCode()
    {
        VerificationCodeRecord Code(string phone, string purpose, string? by, int minute) => new()
        {
            Phone = phone, Purpose = purpose, CodeHash = "h-" + phone, RequestedBy = by, CreatedAt = T0.AddMinutes(minute), ExpiresAt = T0.AddMinutes(minute + 5),
        };
        await Codes.AddAsync(Code("+1", "resetPassword", "client-a", 0), None);
        await Codes.AddAsync(Code("+2", "resetPassword", "client-a", 1), None);
        await Codes.AddAsync(Code("+3", "resetPassword", "client-b", 2), None);
        await Codes.AddAsync(Code("+4", "login", "client-a", 3), None);
        await Codes.AddAsync(Code("+5", "resetPassword", null, 3), None);

        Assert.Equal("+2", await Codes.FindRequestedPhoneAsync("resetPassword", "client-a", T0.AddMinutes(4), None));
        Assert.Equal("+4", await Codes.FindRequestedPhoneAsync("login", "client-a", T0.AddMinutes(4), None));
        Assert.Null(await Codes.FindRequestedPhoneAsync("resetPassword", "client-c", T0.AddMinutes(4), None));
        // Used up or expired, it names nothing.
        var claim = await Codes.ClaimAttemptAsync(new("+2", "resetPassword", T0.AddMinutes(4), 5), None);
        Assert.True(await Codes.ConsumeAsync(claim!.CodeId, T0.AddMinutes(4), None));
        Assert.Equal("+1", await Codes.FindRequestedPhoneAsync("resetPassword", "client-a", T0.AddMinutes(4), None));
        Assert.Null(await Codes.FindRequestedPhoneAsync("resetPassword", "client-a", T0.AddMinutes(5), None));
    }

    [Fact]
    public async Task ConcurrentAttemptsNeverExceedTheLimit()
    {
        await AddCodeAsync("+1", "h1");
        var claims = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => Codes.ClaimAttemptAsync(new("+1", "login", T0, 5), None))));
        Assert.Equal(5, claims.Count(c => c is not null));
    }

    [Fact]
    public async Task ACodeIsConsumedExactlyOnceEvenConcurrently()
    {
        await AddCodeAsync("+1", "h1");
        var attempt = (await Codes.ClaimAttemptAsync(new("+1", "login", T0, 5), None))!;
        var consumed = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Codes.ConsumeAsync(attempt.CodeId, T0, None))));
        Assert.Equal(1, consumed.Count(c => c));
        Assert.Null(await Codes.ClaimAttemptAsync(new("+1", "login", T0, 5), None));
    }

    [Fact]
    public async Task OnlyTheNewestUnexpiredCodeIsLive()
    {
        await AddCodeAsync("+1", "old");
        await AddCodeAsync("+1", "new", T0.AddMinutes(1));
        Assert.Equal("new", (await Codes.ClaimAttemptAsync(new("+1", "login", T0.AddMinutes(1), 5), None))!.CodeHash);
        var newest = (await Codes.ClaimAttemptAsync(new("+1", "login", T0.AddMinutes(1), 5), None))!;
        await Codes.ConsumeAsync(newest.CodeId, T0.AddMinutes(2), None);
        Assert.Null(await Codes.ClaimAttemptAsync(new("+1", "login", T0.AddMinutes(2), 5), None)); // the old one stays retired
        Assert.Null(await Codes.ClaimAttemptAsync(new("+1", "login", T0.AddMinutes(6), 5), None));
        Assert.Equal(2, await Codes.DeleteExpiredAsync(T0.AddMinutes(6), None));
    }

    private Task AddCodeByAsync(string phone, string hash, string? by, int minute = 0) =>
        Codes.AddAsync(new VerificationCodeRecord
        {
            Phone = phone, Purpose = "login", CodeHash = hash, RequestedBy = by, CreatedAt = T0.AddMinutes(minute), ExpiresAt = T0.AddMinutes(minute + 5),
        }, None);

    [Fact]
    public async Task ANewCodeRetiresOnlyTheCodeItsOwnRequesterAskedFor()
    {
        await AddCodeByAsync("+1", "owner's", "owner");
        await AddCodeByAsync("+1", "stranger's", "stranger", minute: 1);
        // Each requester tries its own code first, whatever is newer.
        Assert.Equal("owner's", (await Codes.ClaimAttemptAsync(new("+1", "login", T0.AddMinutes(1), 5, "owner", 2), None))!.CodeHash);
        Assert.Equal("stranger's", (await Codes.ClaimAttemptAsync(new("+1", "login", T0.AddMinutes(1), 5, "stranger", 2), None))!.CodeHash);
        // A third party without a code of its own tries the newest.
        Assert.Equal("stranger's", (await Codes.ClaimAttemptAsync(new("+1", "login", T0.AddMinutes(1), 5, "third", 2), None))!.CodeHash);
        await AddCodeByAsync("+1", "owner's second", "owner", minute: 2);
        Assert.Equal("owner's second", (await Codes.ClaimAttemptAsync(new("+1", "login", T0.AddMinutes(2), 5, "owner", 2), None))!.CodeHash);
        Assert.Equal("stranger's", (await Codes.ClaimAttemptAsync(new("+1", "login", T0.AddMinutes(2), 5, "stranger", 2), None))!.CodeHash);
    }

    [Fact]
    public async Task StrangersGetOnlyTheirShareOfACodesTriesEvenConcurrently()
    {
        await AddCodeByAsync("+1", "h1", "owner");
        var strangers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            Task.Run(() => Codes.ClaimAttemptAsync(new("+1", "login", T0, 5, "stranger-" + i, 2), None))));
        Assert.Equal(2, strangers.Count(c => c is not null));
        for (var i = 0; i < 3; i++) Assert.NotNull(await Codes.ClaimAttemptAsync(new("+1", "login", T0, 5, "owner", 2), None));
        Assert.Null(await Codes.ClaimAttemptAsync(new("+1", "login", T0, 5, "owner", 2), None));
        // A code whose requester is unknown has no strangers.
        await AddCodeAsync("+2", "h2");
        for (var i = 0; i < 5; i++) Assert.NotNull(await Codes.ClaimAttemptAsync(new("+2", "login", T0, 5, "anyone-" + i, 2), None));
    }

    [Fact]
    public async Task ACodeExpiresAtItsExpiryInstant()
    {
        await AddCodeAsync("+1", "h1");
        Assert.NotNull(await Codes.ClaimAttemptAsync(new("+1", "login", T0.AddMinutes(5).AddMilliseconds(-1), 5), None));
        Assert.Null(await Codes.ClaimAttemptAsync(new("+1", "login", T0.AddMinutes(5), 5), None));
    }

    [Fact]
    public async Task APhoneChangeRetiresEveryPendingCodeOfTheOldNumber()
    {
        await AddCodeAsync("+1", "a", purpose: "login");
        await AddCodeAsync("+1", "b", purpose: "verify:u1");
        await AddCodeAsync("+2", "c", purpose: "login");
        Assert.Equal(2, await Codes.InvalidateAsync("+1", T0, None));
        Assert.Null(await Codes.ClaimAttemptAsync(new("+1", "login", T0, 5), None));
        Assert.Null(await Codes.ClaimAttemptAsync(new("+1", "verify:u1", T0, 5), None));
        Assert.NotNull(await Codes.ClaimAttemptAsync(new("+2", "login", T0, 5), None));
    }

    [Fact]
    public async Task AProviderVerifiedCodeKeepsItsVerifier()
    {
        await Codes.AddAsync(new VerificationCodeRecord { Phone = "+1", Purpose = "login", CodeHash = "", Verifier = "leancloud", CreatedAt = T0, ExpiresAt = T0.AddMinutes(5) }, None);
        var attempt = (await Codes.ClaimAttemptAsync(new("+1", "login", T0, 5), None))!;
        Assert.Equal("leancloud", attempt.Verifier);
        await AddCodeAsync("+2", "h");
        Assert.Null((await Codes.ClaimAttemptAsync(new("+2", "login", T0, 5), None))!.Verifier);
    }

    // ---- tickets and the send log -----------------------------------------------------------

    [Fact]
    public async Task ATicketIsConsumedOnceBeforeItExpires()
    {
        await Tickets.CreateAsync(new TicketRecord { TokenHash = "t1", UserId = "u1", Phone = "+1", CreatedAt = T0, ExpiresAt = T0.AddMinutes(5) }, None);
        await Tickets.CreateAsync(new TicketRecord { TokenHash = "t2", UserId = "u1", Phone = "+1", CreatedAt = T0, ExpiresAt = T0.AddMinutes(5) }, None);
        Assert.Equal(new TicketRecord { TokenHash = "t1", UserId = "u1", Phone = "+1", CreatedAt = T0, ExpiresAt = T0.AddMinutes(5) }, await Tickets.FindAsync("t1", None));

        var consumed = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Tickets.ConsumeAsync("t1", T0.AddMinutes(1), None))));
        Assert.Equal(1, consumed.Count(c => c));
        Assert.Equal(T0.AddMinutes(1), (await Tickets.FindAsync("t1", None))!.ConsumedAt);
        Assert.False(await Tickets.ConsumeAsync("t2", T0.AddMinutes(5), None));
        Assert.Equal(2, await Tickets.DeleteExpiredAsync(T0.AddMinutes(5), None));
        Assert.Null(await Tickets.FindAsync("t2", None));
    }

    [Fact]
    public async Task TheSendLogListsNewestFirstByPhone()
    {
        foreach (var (id, phone, minute) in new[] { ("a", "+1", 0), ("b", "+2", 1), ("c", "+1", 2) })
            await SmsLog.AddAsync(new SmsLogEntry { Id = id, At = T0.AddMinutes(minute), Provider = "aliyun", MessageId = "m-" + id, Phone = phone, Purpose = "login", Status = "sent", LatencyMs = 12 }, None);
        await SmsLog.AddAsync(new SmsLogEntry { Id = "d", At = T0.AddMinutes(3), Provider = "tencent", Phone = "+1", Purpose = "bind", Status = "failed", ErrorCode = "timeout", LatencyMs = 300 }, None);

        Assert.Equal(["d", "c", "b", "a"], (await SmsLog.ListAsync(null, 0, 10, None)).Select(e => e.Id));
        var forOne = await SmsLog.ListAsync("+1", 1, 10, None);
        Assert.Equal(["c", "a"], forOne.Select(e => e.Id));
        Assert.Equal(new SmsLogEntry { Id = "c", At = T0.AddMinutes(2), Provider = "aliyun", MessageId = "m-c", Phone = "+1", Purpose = "login", Status = "sent", LatencyMs = 12 }, forOne[0]);
        Assert.Equal("timeout", (await SmsLog.ListAsync("+1", 0, 1, None))[0].ErrorCode);
        Assert.Equal(2, await SmsLog.DeleteOlderThanAsync(T0.AddMinutes(1), None));
    }

    // ---- rate limits -------------------------------------------------------------------------

    [Fact]
    public async Task ASlidingWindowAllowsItsLimitThenSaysWhenRoomReturns()
    {
        var rule = new RateLimitRule("k", 3, TimeSpan.FromMinutes(10), "r");
        for (var i = 0; i < 3; i++) Assert.True((await Limits.TryAcquireAsync([rule], T0.AddMinutes(i), None)).Allowed);
        var blocked = await Limits.TryAcquireAsync([rule], T0.AddMinutes(4), None);
        Assert.False(blocked.Allowed);
        Assert.Equal(rule, blocked.Blocked);
        Assert.Equal(TimeSpan.FromMinutes(6), blocked.RetryAfter);
        Assert.True((await Limits.TryAcquireAsync([rule], T0.AddMinutes(10), None)).Allowed);
    }

    [Fact]
    public async Task RulesAreAllOrNothing()
    {
        var tight = new RateLimitRule("a", 1, TimeSpan.FromMinutes(1), "tight");
        var loose = new RateLimitRule("b", 10, TimeSpan.FromMinutes(1), "loose");
        Assert.True((await Limits.TryAcquireAsync([tight, loose], T0, None)).Allowed);
        Assert.Equal("tight", (await Limits.TryAcquireAsync([loose, tight], T0, None)).Blocked!.Name);
        // The refused request recorded nothing under "b": nine more fit.
        for (var i = 0; i < 9; i++) Assert.True((await Limits.TryAcquireAsync([loose], T0, None)).Allowed);
        Assert.False((await Limits.TryAcquireAsync([loose], T0, None)).Allowed);
    }

    [Fact]
    public async Task ConcurrentRequestsNeverExceedALimit()
    {
        var rule = new RateLimitRule("shared", 10, TimeSpan.FromHours(1), "r");
        var decisions = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Limits.TryAcquireAsync([rule], T0, None))));
        Assert.Equal(10, decisions.Count(d => d.Allowed));
    }

    [Fact]
    public async Task ALimitAboveOneHundredCountsInBucketsAndNeverLetsMoreThroughInAWindow()
    {
        // One hour, 150 events: buckets of a minute. T0 is on a minute boundary.
        var rule = new RateLimitRule("big", 150, TimeSpan.FromHours(1), "r");
        Assert.False(rule.IsExact);
        for (var i = 0; i < 100; i++) Assert.True((await Limits.TryAcquireAsync([rule], T0.AddSeconds(10), None)).Allowed);
        for (var i = 0; i < 50; i++) Assert.True((await Limits.TryAcquireAsync([rule], T0.AddMinutes(30), None)).Allowed);

        var blocked = await Limits.TryAcquireAsync([rule], T0.AddMinutes(40), None);
        Assert.False(blocked.Allowed);
        // The first minute's 100 leave when their whole bucket has: at 1:01, not at 1:00:10.
        Assert.Equal(TimeSpan.FromMinutes(21), blocked.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(30), (await Limits.CheckAsync([rule], T0.AddMinutes(60).AddSeconds(30), None)).RetryAfter);
        Assert.True((await Limits.TryAcquireAsync([rule], T0.AddMinutes(61), None)).Allowed);
    }

    [Fact]
    public async Task ConcurrentRequestsNeverExceedABucketedLimit()
    {
        var rule = new RateLimitRule("shared-big", 120, TimeSpan.FromHours(1), "r");
        var decisions = await Task.WhenAll(Enumerable.Range(0, 160).Select(i => Task.Run(() => Limits.TryAcquireAsync([rule], T0.AddSeconds(i % 90), None))));
        Assert.Equal(120, decisions.Count(d => d.Allowed));
    }

    [Fact]
    public async Task RecordedEventsCountForExactAndBucketedRulesAlike()
    {
        var exact = new RateLimitRule("failures", 3, TimeSpan.FromMinutes(15), "exact");
        var bucketed = new RateLimitRule("failures", 101, TimeSpan.FromMinutes(15), "bucketed");
        for (var i = 0; i < 101; i++) await Limits.RecordAsync([exact, bucketed], T0, None);
        Assert.Equal("exact", (await Limits.CheckAsync([exact, bucketed], T0, None)).Blocked!.Name);
        Assert.Equal("bucketed", (await Limits.CheckAsync([bucketed], T0, None)).Blocked!.Name);
        // The same key under another window is counted apart.
        Assert.True((await Limits.CheckAsync([bucketed with { Window = TimeSpan.FromHours(2) }], T0, None)).Allowed);
    }

    [Fact]
    public async Task OldEventsAreDeleted()
    {
        var rule = new RateLimitRule("k", 1, TimeSpan.FromDays(30), "r");
        var bucketed = new RateLimitRule("k", 1000, TimeSpan.FromDays(30), "b");
        await Limits.TryAcquireAsync([rule, bucketed], T0, None);
        Assert.Equal(2, await Limits.DeleteOlderThanAsync(T0, None));
        Assert.True((await Limits.TryAcquireAsync([rule], T0, None)).Allowed);
    }

    // ---- idempotency and schema -------------------------------------------------------------

    [Fact]
    public async Task ARequestIdRegistersOnceUntilItExpiresOrIsReleased()
    {
        Assert.True(await Idempotency.TryRegisterAsync("r1", T0, T0.AddMinutes(5), None));
        Assert.False(await Idempotency.TryRegisterAsync("r1", T0.AddMinutes(1), T0.AddMinutes(6), None));
        Assert.True(await Idempotency.TryRegisterAsync("r1", T0.AddMinutes(5), T0.AddMinutes(10), None));
        await Idempotency.ReleaseAsync("r1", None);
        Assert.True(await Idempotency.TryRegisterAsync("r1", T0.AddMinutes(5), T0.AddMinutes(10), None));
        Assert.Equal(1, await Idempotency.DeleteExpiredAsync(T0.AddMinutes(10), None));
    }

    [Fact]
    public async Task ConcurrentRegistrationsOfOneIdAdmitOne()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Idempotency.TryRegisterAsync("same", T0, T0.AddMinutes(5), None))));
        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task MigratingAgainChangesNothing()
    {
        await NewMigrator().MigrateAsync(None);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => NewMigrator().MigrateAsync(None)));
        await Users.CreateAsync(NewUser("u1"), None);
        Assert.NotNull(await Users.FindByIdAsync("u1", None));
    }
}

/// <summary>The contract on the embedded default: a SQLite file per test.</summary>
public sealed class SqliteStorageContractTests : StorageContractTests, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("phoneauth-contract-").FullName;

    protected override Task<SqlFlavor> CreateFlavorAsync() =>
        Task.FromResult<SqlFlavor>(new PhoneAuth.Server.Storage.Sqlite.SqliteFlavor("Data Source=store.db", _folder));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The same contract on PostgreSQL: a new database per test in the test run's throwaway cluster.</summary>
public sealed class PostgresStorageContractTests : StorageContractTests
{
    private string _connectionString = "";

    protected override async Task<SqlFlavor> CreateFlavorAsync()
    {
        var server = await Infrastructure.PostgresServer.Shared;
        _connectionString = await server.CreateDatabaseAsync();
        return new PhoneAuth.Server.Storage.Postgres.PostgresFlavor(_connectionString);
    }

    /// <summary>
    /// A query's page is planned once per connection, not at every request: its text carries LIMIT and
    /// OFFSET as numbers, so the generic plan of its prepared statement is costed for the real page and
    /// PostgreSQL keeps using it. (With LIMIT as a parameter, the generic plan was costed for a tenth of
    /// the matching rows, lost to a plan for the values every time, and each execution was planned anew.)
    /// </summary>
    [Fact]
    public async Task AQuerysPreparedPageKeepsItsGenericPlan()
    {
        var schema = new ClassSchema { ClassName = "Ranked", Fields = new Dictionary<string, FieldSchema> { ["n"] = new(FieldType.Number) }, Version = 1 };
        await Schemas.CreateIndexAsync(schema, "n_1", new IndexSpec([new IndexField("n")]), CancellationToken.None);
        var epoch = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var created = await Objects.WriteAsync([.. Enumerable.Range(0, 5_000).Select(i => new CreateObject(new StoredObject
        {
            ClassName = "Ranked", Id = $"r{i}", Fields = new System.Text.Json.Nodes.JsonObject { ["n"] = i }, CreatedAt = epoch, UpdatedAt = epoch, Version = 1,
        }, []))], atomic: true, CancellationToken.None);
        Assert.All(created, c => Assert.Null(c.Error));
        var scope = new QueryScope(Viewer.Anonymous, new Dictionary<string, ClassSchema> { ["Ranked"] = schema });

        await Database.RunAsync(async connection =>
        {
            await connection.Command("ANALYZE objects").ExecuteNonQueryAsync(CancellationToken.None);
            // Npgsql prepares a text after its fifth use on a connection; PostgreSQL then plans for the values
            // five times before it compares them with the generic plan.
            for (var i = 0; i < 25; i++)
            {
                var query = new ObjectQuery
                {
                    ClassName = "Ranked", Where = new Comparison(FieldPath.Of("n"), Comparator.GreaterOrEqual, System.Text.Json.Nodes.JsonValue.Create(i * 150)),
                    Order = [new OrderKey(FieldPath.Of("n"), false)], Limit = 20,
                };
                var (sql, parameters) = PhoneAuth.Server.Storage.Sql.Query.SqlQueries.Select(Flavor, query, scope);
                await using var reader = await parameters.Bind(connection.Command(sql)).ExecuteReaderAsync(CancellationToken.None);
                var first = -1;
                while (await reader.ReadAsync(CancellationToken.None)) if (first < 0) first = System.Text.Json.Nodes.JsonNode.Parse(reader.GetString(1))!["n"]!.GetValue<int>();
                Assert.Equal(i * 150, first);
            }
            await AssertKeepsGenericPlanAsync(connection, "SELECT id, data%LIMIT 20");
            return 0;
        }, CancellationToken.None);
    }

    /// <summary>
    /// The send limits' decision, one statement on every code request, is planned once per connection too:
    /// PostgreSQL keeps the generic plan of its prepared statement (its LIMIT is a parameter, but inside a
    /// count that LIMIT changes no plan's cost much), so a change that made it plan anew at every request,
    /// as the object queries did, would show here.
    /// </summary>
    [Fact]
    public async Task TheLimitsDecisionKeepsItsGenericPlan()
    {
        await using var flavor = new PhoneAuth.Server.Storage.Postgres.PostgresFlavor(_connectionString + ";Maximum Pool Size=1");
        var db = new SqlDatabase(flavor, Microsoft.Extensions.Logging.Abstractions.NullLogger<SqlDatabase>.Instance);
        var limits = new SqlRateLimitStore(db);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 25; i++)
        {
            // As a send's rules: an exact per-phone rule, a resend lock checked only, a bucketed per-address rule.
            RateLimitRule[] rules =
            [
                new($"send:phone:+86138{i:D8}", 10, TimeSpan.FromDays(1), "daily"),
                new($"lock:phone:+86138{i:D8}", 1, TimeSpan.FromMinutes(1), "lock") { CheckOnly = true },
                new("send:ip:127.0.0.1", 1_000_000, TimeSpan.FromHours(1), "ip"),
            ];
            Assert.True((await limits.TryAcquireAsync(rules, now.AddMilliseconds(i), CancellationToken.None)).Allowed);
        }
        await db.RunAsync(async connection =>
        {
            await AssertKeepsGenericPlanAsync(connection, "WITH room AS%");
            return 0;
        }, CancellationToken.None);
    }

    /// <summary>
    /// The statement prepared on <paramref name="connection"/> whose text is LIKE <paramref name="pattern"/> ran its
    /// generic plan at least ten times: it was run 25 times, and Npgsql prepares it after a few uses, and
    /// PostgreSQL plans for the values five times before it compares them with the generic plan.
    /// </summary>
    private static async Task AssertKeepsGenericPlanAsync(System.Data.Common.DbConnection connection, string pattern)
    {
        await using var stats = await connection.Command("SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE @pattern")
            .With("pattern", pattern).ExecuteReaderAsync(CancellationToken.None);
        Assert.True(await stats.ReadAsync(CancellationToken.None), $"no statement like {pattern} was prepared");
        var (generic, custom) = (stats.GetInt64(0), stats.GetInt64(1));
        Assert.True(generic >= 10, $"{pattern}: generic plans {generic}, custom plans {custom}");
    }

    /// <summary>
    /// The send limits' one-batch decision needs READ COMMITTED (a fresh snapshot after its locks): under a database whose
    /// default is REPEATABLE READ, the server's sessions still run READ COMMITTED, and concurrent decisions still never
    /// exceed a limit.
    /// </summary>
    [Fact]
    public async Task SessionsRunReadCommittedWhateverTheDatabasesDefault()
    {
        await using (var admin = new Npgsql.NpgsqlConnection(_connectionString))
        {
            await admin.OpenAsync();
            await using var alter = new Npgsql.NpgsqlCommand($"ALTER DATABASE \"{admin.Database}\" SET default_transaction_isolation = 'repeatable read'", admin);
            await alter.ExecuteNonQueryAsync();
        }
        await using var flavor = new PhoneAuth.Server.Storage.Postgres.PostgresFlavor(_connectionString);
        await using (var connection = flavor.CreateConnection())
        {
            await connection.OpenAsync();
            await using var show = connection.CreateCommand();
            show.CommandText = "SHOW transaction_isolation";
            Assert.Equal("read committed", await show.ExecuteScalarAsync());
        }
        var limits = new SqlRateLimitStore(new SqlDatabase(flavor, Microsoft.Extensions.Logging.Abstractions.NullLogger<SqlDatabase>.Instance));
        var rule = new RateLimitRule("shared-rr", 10, TimeSpan.FromHours(1), "r");
        var decisions = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => limits.TryAcquireAsync([rule], DateTimeOffset.UtcNow, CancellationToken.None))));
        Assert.Equal(10, decisions.Count(d => d.Allowed));
    }
}
