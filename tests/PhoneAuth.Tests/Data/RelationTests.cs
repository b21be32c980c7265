using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Data;

/// <summary>
/// Parse.Relation as the official JS SDK uses it (relations.js): Book "Dune" relates Ann, Ben, Cat;
/// "Emma" relates Ben and Dan, whom only alice may read.
/// </summary>
public abstract class RelationTests
{
    protected abstract Task<JObject> SeenAsync();

    [Fact]
    public async Task ARelationQueryFindsTheAddedObjectsAndTakesMoreConstraints()
    {
        var seen = await SeenAsync();
        SeenAssert.Names(seen["afterAdd"], "Ann", "Ben", "Cat");
        SeenAssert.Names(seen["constrained"], "Ann", "Cat");
        Assert.Equal(3, (int)seen["count"]!);
    }

    [Fact]
    public async Task RelatedToOverRestFindsTheRelatedObjects()
    {
        SeenAssert.Json("""{ "status": 200, "names": ["Ben", "Dan"] }""", (await SeenAsync())["relatedToWire"]);
    }

    [Fact]
    public async Task EqualityOnARelationFieldFindsTheOwnersOfThatObject()
    {
        var seen = await SeenAsync();
        SeenAssert.Names(seen["booksWithBen"], "Dune", "Emma");
        SeenAssert.Names(seen["booksWithAuthorsMatching"], "Dune");
    }

    [Fact]
    public async Task RelatedObjectsStillObeyTheirAcls()
    {
        var acl = (await SeenAsync())["aclOnRelated"]!;
        SeenAssert.Names(acl["alice"], "Ben", "Dan");
        SeenAssert.Names(acl["bob"], "Ben");
    }

    [Fact]
    public async Task RemoveAndAddTakeEffectAloneTogetherOrAsABatchOperation()
    {
        var seen = await SeenAsync();
        SeenAssert.Names(seen["afterRemove"], "Ben", "Cat");
        SeenAssert.Names(seen["afterAddAndRemove"], "Ann", "Ben");
        SeenAssert.Json("""{ "status": 200, "keys": ["updatedAt"] }""", seen["batchOpWire"]);
        SeenAssert.Names(seen["afterBatchOp"], "Ann", "Cat");
    }

    [Fact]
    public async Task AddingAnObjectTwiceRelatesItOnce()
    {
        SeenAssert.Json("""{ "status": 200, "count": 2 }""", (await SeenAsync())["addTwice"]);
    }

    [Fact]
    public async Task ARelationFieldTravelsAsItsTypeAndIsTypedInTheSchema()
    {
        var seen = await SeenAsync();
        SeenAssert.Json("""{ "__type": "Relation", "className": "Author" }""", seen["fieldOnWire"]);
        SeenAssert.Json("""{ "type": "Relation", "targetClass": "Author" }""", seen["fieldInSchema"]);
    }

    [Fact]
    public async Task ObjectsOfAnotherClassOrOtherValuesAreASchemaMismatch()
    {
        var seen = await SeenAsync();
        SeenAssert.Refused(111, "schema mismatch for Book.authors; expected Relation<Author> but got Relation<Team>", seen["wrongClassSdk"]);
        SeenAssert.Answered(400, 111, "schema mismatch for Book.authors; expected Relation<Author> but got Relation<Team>", seen["wrongClassWire"]);
        SeenAssert.Answered(400, 111, "schema mismatch for Book.authors; expected Relation<Author> but got Relation", seen["notAPointer"]);
        SeenAssert.Answered(400, 111, "schema mismatch for Book.title; expected String but got Relation<Author>", seen["relationOnString"]);
        SeenAssert.Answered(400, 111, "schema mismatch for Book.authors; expected Relation<Author> but got String", seen["setRelationField"]);
        SeenAssert.Names(seen["afterRefusals"], "Ann", "Cat");
    }

    [Fact]
    public async Task TheSdkRefusesAnUnsavedObjectBeforeAskingTheServer()
    {
        SeenAssert.Json("""{ "code": null, "message": "You cannot add or remove an unsaved Parse Object from a relation" }""", (await SeenAsync())["unsavedSdk"]);
    }

    [Fact]
    public async Task ADeletedObjectLeavesTheRelation()
    {
        SeenAssert.Names((await SeenAsync())["afterRelatedDeleted"], "Ann");
    }
}

public sealed class RelationsOnParseServer9 : RelationTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnParseServer9Async("relations.js");
}

public sealed class RelationsOnSqlite : RelationTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnPhoneAuthAsync("relations.js", StorageEngine.Sqlite);
}

public sealed class RelationsOnPostgres : RelationTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnPhoneAuthAsync("relations.js", StorageEngine.Postgres);
}
