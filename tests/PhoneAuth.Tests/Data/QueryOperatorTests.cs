using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Data;

/// <summary>
/// Every query operator of the official JS SDK on six players (query-operators.js), each query ordered
/// by name, so a result is compared as an exact list. Players: Ann 10, Bob 20, Cid 30, Dee 40, Eve 50,
/// Fay 25.5 (score); see the script for the other fields.
/// </summary>
public abstract class QueryOperatorTests
{
    protected abstract Task<JObject> SeenAsync();

    [Theory]
    [InlineData("all", "Ann", "Bob", "Cid", "Dee", "Eve", "Fay")]
    [InlineData("equalTo", "Bob")]
    [InlineData("equalToString", "Ann")]
    [InlineData("equalToBoolean", "Bob", "Eve")]
    [InlineData("equalToDate", "Cid")]
    [InlineData("notEqualTo", "Ann", "Cid", "Dee", "Eve", "Fay")]
    [InlineData("notEqualToPointer", "Bob", "Dee", "Eve")]
    [InlineData("lessThan", "Ann", "Bob")]
    [InlineData("lessThanOrEqualTo", "Ann", "Bob", "Fay")]
    [InlineData("greaterThan", "Eve")]
    [InlineData("greaterThanOrEqualTo", "Dee", "Eve")]
    [InlineData("betweenDates", "Cid", "Dee")]
    [InlineData("containedIn", "Ann", "Eve")]
    [InlineData("notContainedIn", "Bob", "Cid", "Dee", "Fay")]
    [InlineData("containedInOnArray", "Cid", "Eve")]
    [InlineData("containedInPointers", "Bob", "Dee")]
    [InlineData("notContainedInOnArray", "Bob", "Dee", "Eve")]
    [InlineData("containsAll", "Ann", "Cid")]
    [InlineData("containedBy", "Ann", "Bob", "Dee", "Fay")]
    [InlineData("exists", "Ann", "Cid", "Eve")]
    [InlineData("doesNotExist", "Bob", "Dee", "Fay")]
    [InlineData("doesNotExistPointer", "Eve")]
    [InlineData("pointerEquality", "Ann", "Cid", "Fay")]
    [InlineData("pointerEqualityById", "Bob", "Dee")]
    [InlineData("matches", "Ann")]
    [InlineData("matchesCaseSensitive")]
    [InlineData("matchesI", "Ann")]
    [InlineData("matchesWithoutM", "Bob")]
    [InlineData("matchesX", "Ann")]
    [InlineData("matchesIX", "Ann", "Bob", "Eve")]
    [InlineData("startsWith", "Ann")]
    [InlineData("startsWithIsLiteral", "Dee")]
    [InlineData("endsWith", "Dee", "Eve")]
    [InlineData("endsWithQuote", "Fay")]
    [InlineData("containsString", "Ann", "Cid")]
    [InlineData("or", "Ann", "Eve")]
    [InlineData("and", "Cid", "Dee", "Fay")]
    [InlineData("nor", "Eve")]
    [InlineData("orWithOtherConstraint", "Ann")]
    [InlineData("dotEqualTo", "Ann", "Cid")]
    [InlineData("dotEqualToString", "Bob", "Fay")]
    [InlineData("dotGreaterThan", "Ann", "Cid", "Eve")]
    [InlineData("matchesQuery", "Ann", "Cid", "Fay")]
    [InlineData("matchesKeyInQuery", "Ann", "Dee")]
    [InlineData("doesNotMatchKeyInQuery", "Bob", "Cid", "Eve", "Fay")]
    [InlineData("unknownField")]
    public async Task EachOperatorFindsExactlyItsPlayers(string query, params string[] players)
    {
        SeenAssert.Names((await SeenAsync())[query], players);
    }

    [Fact]
    public async Task AnUnknownQueryParameterIsRefusedWith102()
    {
        SeenAssert.Answered(400, 102, "Invalid parameter for query: foo", (await SeenAsync())["rest"]!["unknownParameter"]);
    }

    [Fact]
    public async Task AWhereThatIsNotJsonIsRefusedWith107()
    {
        SeenAssert.Answered(400, 107, "where parameter is not valid JSON", (await SeenAsync())["rest"]!["whereNotJson"]);
    }

    [Fact]
    public async Task BadOperatorValuesKeysAndOptionsAreRefused()
    {
        var rest = (await SeenAsync())["rest"]!;
        SeenAssert.Answered(400, 107, "bad $in value", rest["badOperatorValue"]);
        SeenAssert.Answered(400, 105, "Invalid key name: bad-name", rest["badFieldName"]);
        SeenAssert.Answered(400, 105, "Invalid key name: $foo", rest["topLevelUnknownOperator"]);
        SeenAssert.Answered(400, 102, "Bad $options value for query: q", rest["regexOptionUnknown"]);
    }
}

public sealed class QueryOperatorsOnParseServer9 : QueryOperatorTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnParseServer9Async("query-operators.js");

    [Fact]
    public async Task ParseServer9FailsWith500OnEqualityAgainstAnArrayField()
    {
        var seen = await SeenAsync();
        SeenAssert.Refused(1, "An internal server error occurred", seen["equalToOnArray"]);
        SeenAssert.Json("""{ "status": 500, "body": { "code": 1, "error": "An internal server error occurred" } }""", seen["rest"]!["equalToOnArray"]);
    }

    [Fact]
    public async Task ParseServer9FindsNothingForExistsOrContainedInOnADotPath()
    {
        var seen = await SeenAsync();
        SeenAssert.Names(seen["dotExists"]);
        SeenAssert.Names(seen["dotDoesNotExist"], "Ann", "Bob", "Cid", "Dee", "Eve", "Fay");
        SeenAssert.Names(seen["dotContainedIn"]);
    }

    [Fact]
    public async Task ParseServer9IgnoresTheRegexModifierM()
    {
        SeenAssert.Names((await SeenAsync())["matchesM"], "Bob");
    }

    [Fact]
    public async Task ParseServer9LeavesOutObjectsWithoutTheFieldFromNotContainedInAndDoesNotMatchQuery()
    {
        var seen = await SeenAsync();
        SeenAssert.Names(seen["notContainedInMissingField"], "Cid", "Eve");
        SeenAssert.Names(seen["doesNotMatchQuery"], "Bob", "Dee");
    }

    [Fact]
    public async Task ParseServer9MatchesAStringAgainstANumberField()
    {
        SeenAssert.Names((await SeenAsync())["typeMismatch"], "Bob");
    }

    [Fact]
    public async Task ParseServer9OnPostgresAnswersFullTextQueries()
    {
        SeenAssert.Names((await SeenAsync())["fullText"], "Ann", "Bob", "Eve");
    }

    [Fact]
    public async Task ParseServer9FailsWith500OnGeoQueriesWithoutPostGis()
    {
        var seen = await SeenAsync();
        SeenAssert.Refused(1, "An internal server error occurred", seen["near"]);
        SeenAssert.Refused(1, "An internal server error occurred", seen["withinKilometers"]);
        SeenAssert.Json("""{ "status": 500, "body": { "code": 1, "error": "An internal server error occurred" } }""", seen["rest"]!["nearSphere"]);
    }

    [Fact]
    public async Task ParseServer9RefusesOperatorsItLacksWith119()
    {
        var rest = (await SeenAsync())["rest"]!;
        SeenAssert.Answered(400, 119, """Postgres doesn't support this query type yet {"$foo":1}""", rest["unknownOperator"]);
        SeenAssert.Answered(400, 119, """Postgres doesn't support this query type yet {"$size":1}""", rest["sizeOperator"]);
        SeenAssert.Answered(400, 119, """Postgres doesn't support this query type yet ["red","blue"]""", rest["equalToWholeArray"]);
    }
}

/// <summary>PhoneAuth's own answers where Parse Server 9 on PostgreSQL fails or departs from Parse's documented meaning.</summary>
public abstract class QueryOperatorsOnPhoneAuth(StorageEngine engine) : QueryOperatorTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnPhoneAuthAsync("query-operators.js", engine);

    [Fact]
    public async Task EqualityAgainstAnArrayFieldMatchesArraysContainingTheValue()
    {
        var seen = await SeenAsync();
        SeenAssert.Names(seen["equalToOnArray"], "Ann", "Cid", "Fay");
        SeenAssert.Json("""{ "status": 200, "names": ["Ann", "Cid", "Fay"] }""", seen["rest"]!["equalToOnArray"]);
    }

    [Fact]
    public async Task EqualityAgainstAWholeArrayMatchesThatArray()
    {
        SeenAssert.Json("""{ "status": 200, "names": ["Ann"] }""", (await SeenAsync())["rest"]!["equalToWholeArray"]);
    }

    [Fact]
    public async Task ExistsAndContainedInWorkOnADotPath()
    {
        var seen = await SeenAsync();
        SeenAssert.Names(seen["dotExists"], "Ann", "Bob", "Cid", "Eve", "Fay");
        SeenAssert.Names(seen["dotDoesNotExist"], "Dee");
        SeenAssert.Names(seen["dotContainedIn"], "Ann", "Cid", "Eve");
    }

    [Fact]
    public async Task TheRegexModifierMLetsCaretMatchAfterANewline()
    {
        SeenAssert.Names((await SeenAsync())["matchesM"], "Ann", "Bob");
    }

    [Fact]
    public async Task ObjectsWithoutTheFieldMatchNotContainedInAndDoesNotMatchQueryAsTheyMatchNotEqualTo()
    {
        var seen = await SeenAsync();
        SeenAssert.Names(seen["notContainedInMissingField"], "Bob", "Cid", "Dee", "Eve", "Fay");
        SeenAssert.Names(seen["doesNotMatchQuery"], "Bob", "Dee", "Eve");
    }

    [Fact]
    public async Task AStringNeverEqualsANumberField()
    {
        SeenAssert.Names((await SeenAsync())["typeMismatch"]);
    }

    [Theory]
    [InlineData("fullText", "$text")]
    [InlineData("near", "$nearSphere")]
    [InlineData("withinKilometers", "$nearSphere")]
    public async Task AnOperatorPhoneAuthLacksIsRefusedWith102NamingIt(string query, string op)
    {
        var outcome = (await SeenAsync())[query]!;
        Assert.Equal(102, (int)outcome["code"]!);
        Assert.Contains(op, (string)outcome["message"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknownOperator", "$foo")]
    [InlineData("sizeOperator", "$size")]
    [InlineData("nearSphere", "$nearSphere")]
    public async Task AnOperatorPhoneAuthLacksIsRefusedOverRestWith102NamingIt(string query, string op)
    {
        var answer = (await SeenAsync())["rest"]![query]!;
        Assert.Equal(400, (int)answer["status"]!);
        Assert.Equal(102, (int)answer["body"]!["code"]!);
        Assert.Contains(op, (string)answer["body"]!["error"]!, StringComparison.Ordinal);
    }
}

public sealed class QueryOperatorsOnSqlite() : QueryOperatorsOnPhoneAuth(StorageEngine.Sqlite);

public sealed class QueryOperatorsOnPostgres() : QueryOperatorsOnPhoneAuth(StorageEngine.Postgres);
