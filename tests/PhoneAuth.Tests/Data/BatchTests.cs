using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Data;

/// <summary>
/// Batches as the official JS SDK sends them (batch.js): saveAll, destroyAll, nested saves, a failing
/// item, and over REST the answer's shape, sizes, bad batches and transaction: true. Stored cards are
/// listed as name:n, ordered by n.
/// </summary>
public abstract class BatchTests
{
    protected abstract Task<JObject> SeenAsync();

    [Fact]
    public async Task SaveAllCreatesAndUpdatesInOneBatchWithTheMountInEachPath()
    {
        SeenAssert.Json("""
            {
              "request": { "requests": [
                { "method": "PUT", "path": "/parse/classes/Card/<id>" }, { "method": "PUT", "path": "/parse/classes/Card/<id>" },
                { "method": "POST", "path": "/parse/classes/Card" }, { "method": "POST", "path": "/parse/classes/Card" } ] },
              "idsAssigned": true, "mergedIncrement": 12, "stored": ["a2:1", "c:3", "d:4", "b:12"]
            }
            """, (await SeenAsync())["saveAll"]);
    }

    [Fact]
    public async Task DestroyAllDeletesInOneBatch()
    {
        SeenAssert.Json("""
            {
              "request": { "requests": [{ "method": "DELETE", "path": "/parse/classes/Card/<id>" }, { "method": "DELETE", "path": "/parse/classes/Card/<id>" }] },
              "stored": ["a2:1", "b:12"]
            }
            """, (await SeenAsync())["destroyAll"]);
    }

    [Fact]
    public async Task AParentIsSavedAfterItsUnsavedChildrenWhichGoInOneBatch()
    {
        SeenAssert.Json("""
            {
              "batches": [{ "requests": [{ "method": "POST", "path": "/parse/classes/Card" }, { "method": "POST", "path": "/parse/classes/Card" }] }],
              "childName": "child", "arrayNames": ["inArray"], "stored": ["a2:1", "child:5", "inArray:6", "b:12"]
            }
            """, (await SeenAsync())["nested"]);
    }

    [Fact]
    public async Task SaveAllWithAFailingItemRejectsWithItsErrorAndKeepsTheOthers()
    {
        SeenAssert.Json("""
            {
              "failing": { "code": 111, "message": "schema mismatch for Card.n; expected Number but got String" },
              "goodSaved": true, "stored": ["a2:1", "child:5", "inArray:6", "good:7", "b:12"]
            }
            """, (await SeenAsync())["partial"]);
    }

    [Fact]
    public async Task SaveAllInATransactionWithAFailingItemWritesNothing()
    {
        var transaction = (await SeenAsync())["sdkTransaction"]!;
        SeenAssert.Json("""
            { "requests": [{ "method": "POST", "path": "/parse/classes/Card" }, { "method": "POST", "path": "/parse/classes/Card" }], "transaction": true }
            """, transaction["request"]);
        Assert.False((bool)transaction["goodSaved"]!);
        SeenAssert.Names(transaction["stored"], "a2:1", "child:5", "inArray:6", "good:7", "b:12");
    }

    [Fact]
    public async Task ABatchAnswersEachRequestInOrderWithItsSuccessOrError()
    {
        SeenAssert.Json("""
            {
              "status": 200,
              "items": [
                { "success": ["createdAt", "objectId"] },
                { "success": ["n", "updatedAt"] },
                { "error": { "code": 101, "error": "Object not found." } },
                { "error": { "code": 111, "error": "schema mismatch for Card.n; expected Number but got String" } },
                { "success": ["createdAt", "n", "name", "objectId", "updatedAt"] },
                { "success": [] }
              ],
              "incremented": 101, "got": "a2", "stored": ["child:5", "inArray:6", "good:7", "r1:8", "a2:101"]
            }
            """, (await SeenAsync())["restBatch"]);
    }

    [Fact]
    public async Task ABatchOfFiftyIsAccepted()
    {
        SeenAssert.Json("""{ "status": 200, "successes": 50 }""", (await SeenAsync())["sizes"]!["fifty"]);
    }

    [Fact]
    public async Task MalformedBatchesAreRefusedWith107()
    {
        var bad = (await SeenAsync())["bad"]!;
        SeenAssert.Answered(400, 107, "requests must be an array", bad["notArray"]);
        SeenAssert.Answered(400, 107, "requests must be an array", bad["noRequests"]);
        SeenAssert.Answered(400, 107, "batch request path must be a string", bad["pathNotString"]);
        SeenAssert.Answered(400, 107, "cannot route batch path /classes/Card", bad["pathWithoutMount"]);
        SeenAssert.Answered(400, 107, "nested batch requests are not allowed", bad["nested"]);
        SeenAssert.Answered(400, 107, "cannot route POST /nowhere", bad["unknownRoute"]);
        SeenAssert.Json("""{ "status": 200, "body": [] }""", bad["empty"]);
    }

    [Fact]
    public async Task ATransactionWithAFailingRequestWritesNothingAndOneWithoutWritesAll()
    {
        var seen = await SeenAsync();
        SeenAssert.Names(seen["transaction"]!["stored"], "child:5", "inArray:6", "good:7", "r1:8", "a2:101");
        SeenAssert.Json("""
            {
              "status": 200, "body": [{ "success": ["createdAt", "objectId"] }, { "success": ["createdAt", "objectId"] }],
              "stored": ["child:5", "inArray:6", "good:7", "r1:8", "u1:10", "u2:11", "a2:101"]
            }
            """, seen["transactionOk"]);
    }
}

public sealed class BatchOnParseServer9 : BatchTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnParseServer9Async("batch.js");

    [Fact]
    public async Task ParseServer9AnswersAFailedTransactionWith500()
    {
        var seen = await SeenAsync();
        SeenAssert.Json("""{ "code": 1, "message": "Internal server error." }""", seen["transaction"]!["body"]);
        Assert.Equal(500, (int)seen["transaction"]!["status"]!);
        // The SDK retries the 500 and then reports it once per object, as 111.
        SeenAssert.Json("""{ "code": null, "message": "ParseError: 111 Internal server error.,ParseError: 111 Internal server error." }""",
            seen["sdkTransaction"]!["outcome"]);
    }

    [Fact]
    public async Task ParseServer9SetsNoBatchLimitByDefault()
    {
        SeenAssert.Json("""{ "status": 200, "successes": 60 }""", (await SeenAsync())["sizes"]!["sixty"]);
    }
}

/// <summary>PhoneAuth answers a failed transaction with the first failing request's error, not a 500 the SDK would retry.</summary>
public abstract class BatchOnPhoneAuth(StorageEngine engine) : BatchTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnPhoneAuthAsync("batch.js", engine);

    [Fact]
    public async Task AFailedTransactionIsAnsweredWithItsFirstError()
    {
        var seen = await SeenAsync();
        const string mismatch = "schema mismatch for Card.n; expected Number but got String";
        SeenAssert.Json($$"""{ "status": 400, "body": { "code": 111, "error": "{{mismatch}}" } }""", Pick(seen["transaction"]!, "status", "body"));
        SeenAssert.Json($$"""{ "code": null, "message": "ParseError: 111 {{mismatch}},ParseError: 111 {{mismatch}}" }""", seen["sdkTransaction"]!["outcome"]);
    }

    /// <summary>PhoneAuth holds a batch to Data:MaxBatchSize (50): more is one error, and nothing runs.</summary>
    [Fact]
    public async Task ABatchOverTheLimitIsRefusedWholeWith107()
    {
        SeenAssert.Json("""{ "status": 400, "body": { "code": 107, "error": "Batch request contains 60 sub-requests, which exceeds the limit of 50." } }""", (await SeenAsync())["sizes"]!["sixty"]);
    }

    private static JObject Pick(JToken from, params string[] keys) => new(keys.Select(k => new JProperty(k, from[k])));
}

public sealed class BatchOnSqlite() : BatchOnPhoneAuth(StorageEngine.Sqlite);

public sealed class BatchOnPostgres() : BatchOnPhoneAuth(StorageEngine.Postgres);
