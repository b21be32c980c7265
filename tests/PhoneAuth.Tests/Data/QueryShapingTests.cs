using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Data;

/// <summary>
/// How the official JS SDK shapes an answer (query-shaping.js): order on several keys, createdAt,
/// updatedAt, objectId and missing values; select, exclude; include of nested paths, several, '*';
/// limit, skip, count. Matches m1..m5 have ranks 3,1,5,2,4, groups b,a,b,a,b, optional x,-,a,-,m;
/// m2 then m4 were updated after all were created.
/// </summary>
public abstract class QueryShapingTests
{
    protected abstract Task<JObject> SeenAsync();

    [Theory]
    [InlineData("rankAscending", "m2", "m4", "m1", "m5", "m3")]
    [InlineData("rankDescending", "m3", "m5", "m1", "m4", "m2")]
    [InlineData("groupThenRankDescending", "m4", "m2", "m3", "m5", "m1")]
    [InlineData("groupDescendingThenRank", "m1", "m5", "m3", "m2", "m4")]
    [InlineData("severalDescending", "m3", "m5", "m1", "m4", "m2")]
    [InlineData("createdAtAscending", "m1", "m2", "m3", "m4", "m5")]
    [InlineData("createdAtDescending", "m5", "m4", "m3", "m2", "m1")]
    [InlineData("updatedAtDescending", "m4", "m2", "m5", "m3", "m1")]
    [InlineData("dotPathAscending", "m3", "m1", "m4", "m5", "m2")]
    [InlineData("unknownField", "m2", "m4", "m1", "m5", "m3")]
    [InlineData("byRest", "m1", "m5", "m3", "m2", "m4")]
    public async Task OrderIsHonouredOnEveryKeyAndDirection(string order, params string[] titles)
    {
        SeenAssert.Names((await SeenAsync())["order"]![order], titles);
    }

    [Fact]
    public async Task ObjectIdsOrderOrdinally()
    {
        var order = (await SeenAsync())["order"]!;
        var expected = order["objectIdAscendingExpected"]!.Select(t => (string)t!).ToArray();
        SeenAssert.Names(order["objectIdAscending"], expected);
        SeenAssert.Names(order["objectIdDescending"], [.. Enumerable.Reverse(expected)]);
    }

    [Fact]
    public async Task MissingValuesSortLastAscendingAndFirstDescending()
    {
        var order = (await SeenAsync())["order"]!;
        SeenAssert.Names(order["missingValuesAscending"], "m3", "m5", "m1", "m2", "m4");
        SeenAssert.Names(order["missingValuesDescending"], "m2", "m4", "m1", "m5", "m3");
    }

    [Fact]
    public async Task SelectReturnsOnlyTheNamedKeysAndTheStamps()
    {
        var select = (await SeenAsync())["select"]!;
        SeenAssert.Names(select["one"], "createdAt", "title", "updatedAt");
        SeenAssert.Names(select["two"], "createdAt", "home", "title", "updatedAt");
        SeenAssert.Names(select["unknown"], "createdAt", "title", "updatedAt");
        SeenAssert.Names(select["selectAndExclude"], "createdAt", "title", "updatedAt");
        SeenAssert.Json("""{ "status": 200, "keys": ["createdAt", "objectId", "title", "updatedAt"] }""", select["wire"]);
    }

    [Fact]
    public async Task SelectOfADotPathReturnsThatPartOfTheObject()
    {
        var select = (await SeenAsync())["select"]!;
        SeenAssert.Names(select["dotPath"], "createdAt", "stats", "updatedAt");
        SeenAssert.Json("""{ "wins": 9 }""", select["dotPathValue"]);
    }

    [Fact]
    public async Task ExcludeLeavesOutTheNamedKeys()
    {
        SeenAssert.Names((await SeenAsync())["select"]!["exclude"], "away", "createdAt", "group", "home", "rank", "referee", "title", "updatedAt");
    }

    [Fact]
    public async Task IncludeFetchesEachLevelOfANestedPath()
    {
        SeenAssert.Json("""
            {
              "withoutInclude": null, "home": "Lions", "homeLeagueNotIncluded": null,
              "chainHome": "Lions", "chainLeague": "Eliteserien", "chainCountry": "Norway"
            }
            """, Pick((await SeenAsync())["include"]!, "withoutInclude", "home", "homeLeagueNotIncluded", "chainHome", "chainLeague", "chainCountry"));
    }

    [Fact]
    public async Task IncludeOfSeveralKeysOrOfStarFetchesEveryPointerOfTheFirstLevel()
    {
        SeenAssert.Json("""
            {
              "severalHome": "Lions", "severalAway": "Tigers", "severalReferee": null,
              "allHome": "Lions", "allAway": "Tigers", "allReferee": "Ref", "allLeague": null
            }
            """, Pick((await SeenAsync())["include"]!, "severalHome", "severalAway", "severalReferee", "allHome", "allAway", "allReferee", "allLeague"));
    }

    [Fact]
    public async Task AnIncludedPointerWhoseObjectIsGoneIsDroppedFromTheResult()
    {
        SeenAssert.Json("""{ "kept": false, "loaded": null }""", (await SeenAsync())["include"]!["missingTarget"]);
    }

    [Fact]
    public async Task IncludeOfAFieldThatIsNotAPointerIsIgnored()
    {
        SeenAssert.Succeeded((await SeenAsync())["include"]!["nonPointer"]);
    }

    [Fact]
    public async Task AnIncludedObjectTravelsAsAnObjectWithItsFields()
    {
        SeenAssert.Json("""
            {
              "__type": "Object", "className": "Team", "objectId": "<lions>", "name": "Lions",
              "league": { "__type": "Pointer", "className": "League", "objectId": "<league>" }
            }
            """, (await SeenAsync())["include"]!["wire"]);
    }

    [Fact]
    public async Task LimitDefaultsToAHundredAndSkipAndLimitPage()
    {
        SeenAssert.Json("""
            {
              "defaultLimit": 100, "limit1000": 105, "limit3": [0, 1, 2], "skipLimit": [101, 102, 103],
              "skipPastEnd": [], "limit0": []
            }
            """, Pick((await SeenAsync())["paging"]!, "defaultLimit", "limit1000", "limit3", "skipLimit", "skipPastEnd", "limit0"));
    }

    [Fact]
    public async Task CountIsExactForClientsAndForTheMasterKeyWithAConstraint()
    {
        var paging = (await SeenAsync())["paging"]!;
        Assert.Equal(105, (int)paging["count"]!);
        Assert.Equal(5, (int)paging["countWhere"]!);
        Assert.Equal(105, (int)paging["countMasterWhere"]!);
        SeenAssert.Json("""{ "count": 105, "results": [0, 1] }""", paging["withCount"]);
        SeenAssert.Json("""{ "status": 200, "body": { "results": [], "count": 7 } }""", paging["countWire"]);
    }

    private static JObject Pick(JToken from, params string[] keys) => new(keys.Select(k => new JProperty(k, from[k])));
}

public sealed class QueryShapingOnParseServer9 : QueryShapingTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnParseServer9Async("query-shaping.js");

    [Fact]
    public async Task ParseServer9EstimatesAnUnconstrainedMasterKeyCountFromTableStatistics()
    {
        // SELECT reltuples FROM pg_class: 0 for a table never analysed, whatever it holds.
        Assert.Equal(0, (int)(await SeenAsync())["paging"]!["countMaster"]!);
    }

    [Fact]
    public async Task ParseServer9FailsWith500OnANegativeOrTextLimitOrSkip()
    {
        var paging = (await SeenAsync())["paging"]!;
        const string internalError = """{ "status": 500, "body": { "code": 1, "error": "An internal server error occurred" } }""";
        SeenAssert.Json(internalError, paging["negativeLimit"]);
        SeenAssert.Json(internalError, paging["negativeSkip"]);
        SeenAssert.Json(internalError, paging["textLimit"]);
    }
}

public abstract class QueryShapingOnPhoneAuth(StorageEngine engine) : QueryShapingTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnPhoneAuthAsync("query-shaping.js", engine);

    [Fact]
    public async Task AnUnconstrainedMasterKeyCountIsExact()
    {
        Assert.Equal(105, (int)(await SeenAsync())["paging"]!["countMaster"]!);
    }

    [Theory]
    [InlineData("negativeLimit")]
    [InlineData("negativeSkip")]
    [InlineData("textLimit")]
    public async Task ANegativeOrTextLimitOrSkipIsRefusedWith102(string request)
    {
        // Parse Server 9 has no answer of its own here (it fails with 500): the code is PhoneAuth's
        // choice, the message is not fixed.
        var answer = (await SeenAsync())["paging"]![request]!;
        Assert.Equal(400, (int)answer["status"]!);
        Assert.Equal(102, (int)answer["body"]!["code"]!);
    }
}

public sealed class QueryShapingOnSqlite() : QueryShapingOnPhoneAuth(StorageEngine.Sqlite);

public sealed class QueryShapingOnPostgres() : QueryShapingOnPhoneAuth(StorageEngine.Postgres);
