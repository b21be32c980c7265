using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.LeanCloud;

/// <summary>
/// App data through the official LeanCloud JS SDK at /1.1 (leancloud-data.js): AV.Object, AV.Query with
/// each supported operator, AV.ACL, AV.Role, AV.Relation and doCloudQuery, on each engine.
/// </summary>
public abstract class DataSdkTests
{
    /// <summary>What leancloud-data.js saw on this class's engine, run once for all its facts.</summary>
    protected abstract Task<JObject> SeenAsync();

    [Fact]
    public async Task SaveFetchAndDestroyRoundTripEveryValueWithoutTheAclUnlessAsked()
    {
        var seen = await SeenAsync();
        SeenAssert.Json("""
            {
              "title": "Hello", "views": 10, "tags": ["a", "b"], "meta": { "lang": "en" },
              "published": "2024-02-29T12:34:56.789Z", "createdAtIsDate": true, "acl": "none"
            }
            """, seen["fetched"]);
        SeenAssert.Json("""{ "title": "Hello", "views": "absent" }""", seen["selected"]);
        SeenAssert.Names(seen["excludedKeys"], "andFlags", "createdAt", "objectId", "orFlags", "published", "title", "updatedAt", "views", "xorFlags");
        SeenAssert.Refused(101, "Object not found.", seen["destroyed"]);
        SeenAssert.Json("""{ "withIncludeACL": true, "without": true }""", seen["acls"]);
    }

    [Fact]
    public async Task AClientCannotCreateANewClass()
    {
        var seen = await SeenAsync();
        SeenAssert.Refused(403, "Forbidden to create new class Unplanned by class permissions.", seen["newClass"]);
    }

    [Fact]
    public async Task LeanCloudsOperatorsApplyOnTheServer()
    {
        var seen = await SeenAsync();
        SeenAssert.Json("""{ "views": 15, "andFlags": 2, "orFlags": 14, "xorFlags": 3, "tags": ["a", "b", "c"] }""", seen["afterOps"]);
        Assert.Equal(12, (int)seen["decrementRest"]!);
    }

    [Fact]
    public async Task FetchWhenSaveAnswersTheWholeObjectAsStored()
    {
        var seen = await SeenAsync();
        SeenAssert.Json("""{ "views": 100, "title": "Changed elsewhere", "subtitle": "fresh" }""", seen["fetchWhenSave"]);
    }

    [Fact]
    public async Task AConditionalSaveOrDeleteIs305WhenTheObjectNoLongerMeetsItsQuery()
    {
        var seen = await SeenAsync();
        SeenAssert.Succeeded(seen["firstWithdrawal"]);
        Assert.Equal(20, (int)seen["balanceAfterFirst"]!);
        SeenAssert.Refused(305, "No effect on updating/deleting a document.", seen["secondWithdrawal"]);
        Assert.Equal(20, (int)seen["balanceStored"]!);
        SeenAssert.Answered(400, 305, "No effect on updating/deleting a document.", seen["conditionalDelete"]);
        SeenAssert.Json("""{ "status": 200, "body": {} }""", seen["conditionalDeleteMatched"]);
    }

    [Fact]
    public async Task SaveAllFetchAllAndDestroyAllGoThroughTheBatch()
    {
        var seen = await SeenAsync();
        SeenAssert.Names(seen["fetchedAll"], "p1", "p2", "p3");
        SeenAssert.Names(seen["leftAfterDestroyAll"], "p3");
    }

    [Fact]
    public async Task EveryQueryOperatorOfTheSdkFindsWhatItShould()
    {
        var seen = await SeenAsync();
        SeenAssert.Json("""
            {
              "equalTo": ["Ann"], "notEqualTo": ["Bob", "Cid", "Dee", "Eve"], "lessThan": ["Dee", "Eve"],
              "greaterThanOrEqualTo": ["Ann", "Bob"], "containedIn": ["Ann", "Eve"], "notContainedIn": ["Bob", "Cid", "Dee"],
              "containsAll": ["Ann", "Cid"], "arrayEqualTo": ["Cid", "Eve"], "sizeEqualTo": ["Bob", "Eve"],
              "exists": ["Ann", "Bob", "Eve"], "doesNotExist": ["Cid", "Dee"], "startsWith": ["Ann"], "endsWith": ["Dee", "Eve"],
              "contains": ["Cid"], "matches": ["Ann", "Bob"], "or": ["Ann", "Eve"], "and": ["Bob", "Cid", "Dee"],
              "descending": ["Ann", "Bob", "Cid", "Dee", "Eve"], "limitSkip": ["Bob", "Cid"],
              "matchesQuery": ["Ann", "Bob", "Cid", "Dee", "Eve"], "matchesKeyInQuery": ["Ann", "Bob"]
            }
            """, seen["queries"]);
        Assert.Equal(3, (int)seen["count"]!);
        SeenAssert.Json("""{ "page": ["Ann", "Bob"], "total": 5 }""", seen["findAndCount"]);
        SeenAssert.Json("""{ "kind": "level", "isObject": true }""", seen["included"]);
        SeenAssert.Refused(105, "Invalid key name: $bad.", seen["badQuery"]);
    }

    [Fact]
    public async Task AclsAndRolesDecideWhoReadsAndWrites()
    {
        var seen = await SeenAsync();
        Assert.Equal("secret", (string?)seen["privateByOwner"]);
        SeenAssert.Refused(101, "Object not found.", seen["privateByOther"]);
        SeenAssert.Refused(101, "Object not found.", seen["privateUpdateByOther"]);
        Assert.Equal(0, (int)seen["privateInOthersQuery"]!);
        Assert.Equal("draft", (string?)seen["roleMemberReads"]);
        SeenAssert.Refused(101, "Object not found.", seen["nonMemberReads"]);
        SeenAssert.Json("[true]", seen["roleFound"]);
        SeenAssert.Json("[true]", seen["roleMembersByMaster"]);
        SeenAssert.Refused(403, "Forbidden to find by class permissions.", seen["roleMembersByClient"]);
    }

    [Fact]
    public async Task RelationsAreQueriedBothWays()
    {
        var seen = await SeenAsync();
        SeenAssert.Names(seen["relationQuery"], "r1", "r2");
        SeenAssert.Names(seen["afterRemove"], "r2");
        SeenAssert.Names(seen["reverseQuery"], "hub");
    }

    [Fact]
    public async Task CloudQueryReadsCqlIntoTheSameQueries()
    {
        var seen = await SeenAsync();
        SeenAssert.Json("""
            {
              "placeholders": { "className": "Score", "names": ["Ann", "Bob"] },
              "count": { "className": "Score", "names": [], "count": 2 },
              "countAndRows": { "className": "Score", "names": ["Ann", "Eve"], "count": 2 },
              "like": { "className": "Score", "names": ["Ann", "Eve"] },
              "notIn": { "className": "Score", "names": ["Eve"] },
              "subSelect": { "className": "Score", "names": ["Bob", "Ann"] },
              "limitSkip": { "className": "Score", "names": ["Bob", "Cid"] },
              "pointer": { "className": "Score", "names": ["Dee", "Eve"] },
              "date": { "className": "Score", "names": ["Ann"] }
            }
            """, seen["cql"]);
        SeenAssert.Json("""
            {
              "syntax": { "code": 102, "message": "Invalid CQL: expected 'from', found 'form' at 10." },
              "badField": { "code": 102, "message": "Invalid CQL: unexpected character '$' at 27." },
              "missingValue": { "code": 102, "message": "Invalid CQL: placeholder 1 has no value in pvalues at 35." }
            }
            """, seen["cqlErrors"]);
    }

    [Fact]
    public async Task UsersAreQueriedOnlyWithTheMasterKeyAndSchemasReadOnlyWithIt()
    {
        var seen = await SeenAsync();
        SeenAssert.Refused(403, "Forbidden to find by class permissions.", seen["userQueryByClient"]);
        SeenAssert.Json("[true]", seen["userQueryByMaster"]);
        SeenAssert.Json("""
            {
              "name": { "type": "String" }, "score": { "type": "Number" }, "tags": { "type": "Array" },
              "note": { "type": "Pointer", "targetClass": "Note" }, "createdAt": { "type": "Date" }
            }
            """, seen["schema"]);
        SeenAssert.Answered(403, 403, "Forbidden: the master key is required.", seen["schemaByClient"]);
    }
}

public sealed class LeanCloudDataSdkOnSqlite : DataSdkTests
{
    protected override Task<JObject> SeenAsync() => LeanCloudScenario.OnPhoneAuthAsync("leancloud-data.js", StorageEngine.Sqlite);
}

public sealed class LeanCloudDataSdkOnPostgres : DataSdkTests
{
    protected override Task<JObject> SeenAsync() => LeanCloudScenario.OnPhoneAuthAsync("leancloud-data.js", StorageEngine.Postgres);
}
