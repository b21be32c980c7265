using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Data;

/// <summary>
/// Parse objects as the official JS SDK saves, fetches, updates and destroys them (objects.js): the
/// facts here hold on Parse Server 9, the reference, and on PhoneAuth on each engine.
/// </summary>
public abstract class ObjectTests
{
    /// <summary>What objects.js saw on this class's server, run once for all its facts.</summary>
    protected abstract Task<JObject> SeenAsync();

    [Fact]
    public async Task AClientCannotCreateANewClass()
    {
        var seen = await SeenAsync();
        SeenAssert.Refused(119, "Permission denied", seen["newClass"]);
        SeenAssert.Answered(400, 119, "Permission denied", seen["newClassRest"]);
    }

    [Fact]
    public async Task EveryFieldTypeRoundTripsExactly()
    {
        var seen = await SeenAsync();
        const string fields = """
            {
              "playerName": "Sean Plott",
              "score": 1337,
              "ratio": 0.25,
              "cheatMode": false,
              "playedAt": { "__type": "Date", "iso": "2024-02-29T12:34:56.789Z" },
              "stats": { "wins": 3, "losses": [1, 2], "last": { "opponent": "Ann" } },
              "tags": ["a", 2, true, { "k": "v" }, null],
              "team": { "__type": "Pointer", "className": "Team", "objectId": "<team>" },
              "owner": { "__type": "Pointer", "className": "_User", "objectId": "<user>" },
              "avatar": { "__type": "Bytes", "base64": "aGVsbG8=" }
            }
            """;
        SeenAssert.Json(fields, seen["fetchedFields"]);
        SeenAssert.Json(fields, seen["wireFields"]);
        SeenAssert.Json("""
            {
              "playedAtIsDate": true, "playedAt": "2024-02-29T12:34:56.789Z", "teamIsObject": true, "teamClass": "Team",
              "ownerIsUser": true, "scoreIsInteger": true, "hasNothing": false, "nothing": "undefined"
            }
            """, seen["sdkTypes"]);
    }

    [Fact]
    public async Task AFieldSavedAsNullIsAbsentAndAddsNoFieldToTheSchema()
    {
        var seen = await SeenAsync();
        Assert.False((bool)seen["sdkTypes"]!["hasNothing"]!);
        Assert.DoesNotContain("nothing", ((JArray)seen["wireStamps"]!["wireKeys"]!).Select(k => (string)k!));
        SeenAssert.Json("""
            {
              "objectId": "String", "createdAt": "Date", "updatedAt": "Date", "ACL": "ACL", "playerName": "String",
              "score": "Number", "ratio": "Number", "cheatMode": "Boolean", "playedAt": "Date", "stats": "Object",
              "tags": "Array", "team": "Pointer<Team>", "owner": "Pointer<_User>", "avatar": "Bytes"
            }
            """, seen["inferred"]);
    }

    [Fact]
    public async Task AClassMadeByAFirstSaveGetsTheDefaultPermissions()
    {
        SeenAssert.Json(SchemaAndClpTests.DefaultClps, (await SeenAsync())["defaultClps"]);
    }

    [Fact]
    public async Task ObjectIdsAreTenAlphanumericsAndStampsHaveMilliseconds()
    {
        var seen = await SeenAsync();
        Assert.True((bool)seen["objectIdShape"]!);
        Assert.True((bool)seen["afterCreate"]!["sameStamps"]!);
        SeenAssert.Json("""
            {
              "createdAt": true, "updatedAt": true, "createdAtMatchesSave": true,
              "wireKeys": ["avatar","cheatMode","createdAt","objectId","owner","playedAt","playerName","ratio","score","stats","tags","team","updatedAt"]
            }
            """, seen["wireStamps"]);
    }

    [Fact]
    public async Task AnUpdateMovesUpdatedAtAndAnswersWithUpdatedAtOnly()
    {
        var seen = await SeenAsync();
        SeenAssert.Json("""{ "score": 1338, "updatedAtMoved": true, "createdAtKept": true }""", seen["afterUpdate"]);
        SeenAssert.Json("""{ "status": 200, "keys": ["updatedAt"] }""", seen["putWire"]);
    }

    [Fact]
    public async Task ACreateAnswers201WithObjectIdAndCreatedAt()
    {
        var seen = await SeenAsync();
        SeenAssert.Json("""{ "status": 201, "keys": ["createdAt", "objectId"] }""", seen["created"]);
    }

    [Fact]
    public async Task AFieldWrittenWithAnotherTypeIsASchemaMismatch()
    {
        var seen = await SeenAsync();
        SeenAssert.Refused(111, "schema mismatch for GameScore.score; expected Number but got String", seen["wrongType"]);
        SeenAssert.Refused(111, "schema mismatch for GameScore.cheatMode; expected Boolean but got String", seen["wrongTypeOnUpdate"]);
    }

    [Fact]
    public async Task BadFieldNamesAndAClientObjectIdAreRefusedWith105()
    {
        var seen = await SeenAsync();
        SeenAssert.Answered(400, 105, "Invalid field name: bad-name.", seen["badName"]);
        SeenAssert.Answered(400, 105, "Invalid field name: _secret.", seen["underscoreName"]);
        SeenAssert.Answered(400, 105, "Invalid field name: $where.", seen["dollarName"]);
        SeenAssert.Answered(400, 105, "objectId is an invalid field name.", seen["clientObjectId"]);
    }

    [Fact]
    public async Task UnsetRemovesTheField()
    {
        var seen = await SeenAsync();
        SeenAssert.Json("""
            {
              "hasStats": false,
              "keys": ["avatar","cheatMode","createdAt","owner","playedAt","playerName","ratio","score","tags","team","updatedAt"]
            }
            """, seen["afterUnset"]);
    }

    [Fact]
    public async Task ADestroyedObjectIsNotFoundByAnyCall()
    {
        var seen = await SeenAsync();
        SeenAssert.Json("""{ "status": 200, "body": {} }""", seen["deleted"]);
        SeenAssert.Refused(101, "Object not found.", seen["getDestroyed"]);
        SeenAssert.Answered(404, 101, "Object not found.", seen["getDestroyedWire"]);
        SeenAssert.Refused(101, "Object not found.", seen["fetchDestroyed"]);
        SeenAssert.Refused(101, "Object not found.", seen["destroyAgain"]);
        SeenAssert.Refused(101, "Object not found.", seen["updateDestroyed"]);
    }
}

public sealed class ObjectsOnParseServer9 : ObjectTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnParseServer9Async("objects.js");
}

public sealed class ObjectsOnSqlite : ObjectTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnPhoneAuthAsync("objects.js", StorageEngine.Sqlite);
}

public sealed class ObjectsOnPostgres : ObjectTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnPhoneAuthAsync("objects.js", StorageEngine.Postgres);
}
