using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.LeanCloud;

/// <summary>
/// The six gaps the LeanCloud SDKs' own test suites found (issue 17), each through the SDK's own call
/// (leancloud-users.js), on each engine.
/// </summary>
public abstract class UserGapTests
{
    /// <summary>What leancloud-users.js saw on this class's engine, run once for all its facts.</summary>
    protected abstract Task<JObject> SeenAsync();

    [Fact]
    public async Task AnAppsOwnPhoneFieldIsSignedUpSavedAndShownAsItsOwn()
    {
        var seen = await SeenAsync();
        SeenAssert.Json("""{ "phone": "415-392-0202", "phoneVerified": true, "mobilePhoneNumber": "none" }""", seen["signedUp"]);
        SeenAssert.Json("""{ "phone": "415-392-0303", "mobilePhoneVerified": false }""", seen["saved"]);
    }

    [Fact]
    public async Task UpdatePasswordNeedsTheOldPasswordAndEndsTheOldSessions()
    {
        var seen = await SeenAsync();
        SeenAssert.Refused(210, "The username and password mismatch.", seen["wrongOldPassword"]);
        SeenAssert.Json("""{ "newToken": true, "current": true }""", seen["updatePassword"]);
        SeenAssert.Refused(211, "Could not find user.", seen["oldTokenAfterUpdate"]);
        SeenAssert.Refused(210, "The username and password mismatch.", seen["oldPassword"]);
        Assert.True((bool)seen["newPassword"]!);
    }

    [Fact]
    public async Task TheMasterKeyQueriesAndDeletesUsers()
    {
        var seen = await SeenAsync();
        SeenAssert.Json("""[{ "isMe": true, "phone": "415-392-0303" }]""", seen["masterQuery"]);
        SeenAssert.Json("[true]", seen["masterQueryByNumber"]);
        SeenAssert.Json("[true]", seen["masterQueryByOwnPhone"]);
        SeenAssert.Refused(403, "Forbidden to find by class permissions.", seen["clientQuery"]);
        SeenAssert.Refused(101, "Object not found.", seen["deletedByClasses"]);
        SeenAssert.Json("""{ "status": 200, "body": {} }""", seen["deleteByUsers"]);
        SeenAssert.Answered(400, 206, "The user cannot be deleted by a client without the session.", seen["deleteByClient"]);
    }

    [Fact]
    public async Task NumbersAreShownInTheFormTheAppSent()
    {
        var seen = await SeenAsync();
        SeenAssert.Json("""{ "mobilePhoneNumber": true, "username": true }""", seen["numberForm"]);
    }

    [Fact]
    public async Task RefreshSessionTokenReplacesTheTokenAndRevokesTheOldOne()
    {
        var seen = await SeenAsync();
        SeenAssert.Json("""{ "newToken": true, "sameUser": true }""", seen["refreshed"]);
        SeenAssert.Refused(211, "Could not find user.", seen["oldTokenAfterRefresh"]);
        Assert.True((bool)seen["newTokenAfterRefresh"]!);
        SeenAssert.Refused(206, "The user cannot be altered by a client without the session.", seen["refreshOthers"]);
    }

    [Fact]
    public async Task AnUnknownUsernameIs210AsAWrongPasswordIs()
    {
        var seen = await SeenAsync();
        SeenAssert.Refused(210, "The username and password mismatch.", seen["unknownUsername"]);
        SeenAssert.Json(seen["wrongPassword"]!.ToString(), seen["unknownUsername"]);
    }
}

public sealed class LeanCloudUserGapsOnSqlite : UserGapTests
{
    protected override Task<JObject> SeenAsync() => LeanCloudScenario.OnPhoneAuthAsync("leancloud-users.js", StorageEngine.Sqlite);
}

public sealed class LeanCloudUserGapsOnPostgres : UserGapTests
{
    protected override Task<JObject> SeenAsync() => LeanCloudScenario.OnPhoneAuthAsync("leancloud-users.js", StorageEngine.Postgres);
}
