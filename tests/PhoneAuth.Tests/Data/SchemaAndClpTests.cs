using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Data;

/// <summary>
/// Schemas and class-level permissions over REST with the master key, and the official JS SDK's calls
/// refused or allowed by them (schemas-and-clps.js). Ids are shown as &lt;alice&gt; and &lt;bob&gt;.
/// </summary>
public abstract class SchemaAndClpTests
{
    protected abstract Task<JObject> SeenAsync();

    /// <summary>The permissions of a class made without any (Parse Server's defaultCLPS, "ACL" entry included).</summary>
    internal const string DefaultClps = """
        {
          "ACL": { "*": { "read": true, "write": true } }, "find": { "*": true }, "get": { "*": true }, "count": { "*": true },
          "create": { "*": true }, "update": { "*": true }, "delete": { "*": true }, "addField": { "*": true }, "protectedFields": { "*": [] }
        }
        """;

    private const string ArticleFields = """
        "objectId": { "type": "String" }, "createdAt": { "type": "Date" }, "updatedAt": { "type": "Date" }, "ACL": { "type": "ACL" },
        "title": { "type": "String", "required": true }, "views": { "type": "Number", "defaultValue": 0 },
        "author": { "type": "Pointer", "targetClass": "_User" }, "tags": { "type": "Array" }, "secretNote": { "type": "String" }
        """;

    private const string ArticleClps = """
        "classLevelPermissions": {
          "find": { "*": true }, "get": { "*": true }, "count": { "*": true }, "create": { "requiresAuthentication": true },
          "update": { "<alice>": true }, "delete": { "role:Editor": true }, "addField": {}, "protectedFields": { "*": ["secretNote"] }
        }
        """;

    [Fact]
    public async Task CreatingAClassAnswersItsFieldsPermissionsAndIndexes()
    {
        SeenAssert.Json($$"""
            { "status": 200, "body": { "className": "Article", "fields": { {{ArticleFields}} }, {{ArticleClps}}, "indexes": { "title_1": { "title": 1 } } } }
            """, (await SeenAsync())["structure"]!["created"]);
    }

    [Fact]
    public async Task ReadingAClassAlsoListsTheObjectIdIndex()
    {
        SeenAssert.Json($$"""
            {
              "status": 200,
              "body": { "className": "Article", "fields": { {{ArticleFields}} }, {{ArticleClps}}, "indexes": { "_id_": { "_id": 1 }, "title_1": { "title": 1 } } }
            }
            """, (await SeenAsync())["structure"]!["got"]);
    }

    [Fact]
    public async Task BadSchemasAreRefusedEachWithItsCode()
    {
        var structure = (await SeenAsync())["structure"]!;
        SeenAssert.Answered(400, 103, "Class Article already exists.", structure["again"]);
        SeenAssert.Answered(400, 103, "Class name mismatch between Article and Other.", structure["nameMismatch"]);
        SeenAssert.Answered(400, 103, "Invalid classname: 1bad, classnames can only have alphanumeric characters and _, and must start with an alpha character ", structure["badClassName"]);
        SeenAssert.Answered(400, 111, "invalid field type: Nope", structure["badFieldType"]);
        SeenAssert.Answered(400, 105, "invalid field name: bad-name", structure["badFieldName"]);
        SeenAssert.Answered(400, 135, "type Pointer needs a class name", structure["pointerWithoutTarget"]);
        SeenAssert.Answered(400, 107, "'yes' is not a valid value for class level permissions acl find:*", structure["badClp"]);
        SeenAssert.Answered(400, 107, "frobnicate is not a valid operation for class level permissions", structure["unknownClpOperation"]);
        SeenAssert.Answered(400, 103, "Class Nowhere does not exist.", structure["missingClass"]);
    }

    [Fact]
    public async Task SchemasNeedTheMasterKey()
    {
        var structure = (await SeenAsync())["structure"]!;
        Assert.Equal(403, (int)structure["withoutMasterKey"]!["status"]!);
        Assert.Equal("Permission denied", (string?)structure["withoutMasterKey"]!["body"]!["error"]);
        Assert.Equal(403, (int)structure["listWithoutMasterKey"]!["status"]!);
        SeenAssert.Names(structure["list"], "Article", "Partial", "Plain", "_Role", "_Session", "_User");
        AssertMasterKeyRefusal(structure["withoutMasterKey"]!["body"]!);
    }

    /// <summary>Parse Server's body carries no code; PhoneAuth's, as every error it answers, carries 119.</summary>
    protected abstract void AssertMasterKeyRefusal(JToken body);

    [Fact]
    public async Task AClassMadeWithoutPermissionsIsOpenToAllAndListsAnAclEntry()
    {
        SeenAssert.Json(DefaultClps, (await SeenAsync())["structure"]!["defaultClps"]);
    }

    [Fact]
    public async Task OperationsLeftOutOfGivenPermissionsAreClosedToClients()
    {
        var structure = (await SeenAsync())["structure"]!;
        SeenAssert.Json("""
            {
              "find": { "*": true }, "get": {}, "count": {}, "create": {}, "update": {}, "delete": {}, "addField": {}, "protectedFields": {}
            }
            """, structure["partialClps"]);
        SeenAssert.Refused(119, "Permission denied", structure["partialCreate"]);
        SeenAssert.Succeeded(structure["partialFind"]);
    }

    [Fact]
    public async Task CreateUpdateDeleteAndAddFieldPermissionsRefuseWith119OrWith101ForAMissingLogin()
    {
        var sdk = (await SeenAsync())["sdk"]!;
        SeenAssert.Refused(101, "Permission denied", sdk["anonymousCreates"]);
        SeenAssert.Succeeded(sdk["aliceCreates"]);
        SeenAssert.Refused(119, "Permission denied", sdk["bobUpdates"]);
        SeenAssert.Succeeded(sdk["aliceUpdates"]);
        SeenAssert.Refused(119, "Permission denied", sdk["aliceAddsField"]);
        SeenAssert.Succeeded(sdk["masterAddsField"]);
        SeenAssert.Refused(119, "Permission denied", sdk["aliceDeletes"]);
    }

    [Fact]
    public async Task RequiredFieldsAndDefaultValuesApplyToSdkWrites()
    {
        var sdk = (await SeenAsync())["sdk"]!;
        SeenAssert.Refused(142, "title is required", sdk["missingRequired"]);
        Assert.Equal(0, (int)sdk["defaultValue"]!);
    }

    [Fact]
    public async Task AProtectedFieldIsHiddenFromClientsButNotFromTheMasterKey()
    {
        var sdk = (await SeenAsync())["sdk"]!;
        Assert.False((bool)sdk["aliceReadsProtected"]!);
        Assert.Equal("hidden", (string)sdk["masterReadsProtected"]!);
        SeenAssert.Names(sdk["anonymousFinds"], "first");
    }

    [Fact]
    public async Task PutAddsAndDeletesFieldsAndReplacesPermissions()
    {
        var changes = (await SeenAsync())["changes"]!;
        Assert.Equal("""{"type":"Number"}""", SeenAssert.Canonical(changes["addField"]!["body"]!["fields"]!["score"]!));
        Assert.Null(changes["deleteField"]!["body"]!["fields"]!["tags"]);
        SeenAssert.Answered(400, 255, "Field nowhere does not exist, cannot delete.", changes["deleteMissingField"]);
        SeenAssert.Answered(400, 103, "Class Nowhere does not exist.", changes["missingClass"]);
        SeenAssert.Json("""
            {
              "find": { "requiresAuthentication": true }, "get": { "requiresAuthentication": true }, "count": {}, "create": { "*": true },
              "update": { "*": true }, "delete": { "*": true }, "addField": { "*": true }, "protectedFields": {}
            }
            """, changes["lockFind"]!["body"]!["classLevelPermissions"]);
    }

    [Fact]
    public async Task PuttingAFieldThatExistsWithItsTypeDropsItsOptions()
    {
        var changes = (await SeenAsync())["changes"]!;
        Assert.Equal(200, (int)changes["existingField"]!["status"]!);
        SeenAssert.Json("""{ "type": "String" }""", changes["existingField"]!["body"]!["fields"]!["title"]);
    }

    [Fact]
    public async Task RequiresAuthenticationRefusesAnonymousCallersWith101AndAnEmptyCountPermissionRefusesWith119()
    {
        var locked = (await SeenAsync())["locked"]!;
        SeenAssert.Refused(101, "Permission denied", locked["anonymousFinds"]);
        SeenAssert.Refused(101, "Permission denied", locked["anonymousGets"]);
        Assert.Equal(1, (int)locked["aliceFinds"]!);
        SeenAssert.Refused(119, "Permission denied", locked["aliceCounts"]);
        Assert.Equal(1, (int)locked["masterCounts"]!);
    }

    [Fact]
    public async Task ReadUserFieldsAndWriteUserFieldsGiveTheNamedUserAccess()
    {
        SeenAssert.Json("""
            {
              "aliceFinds": ["mine"], "bobFinds": [], "bobGets": { "code": 101, "message": "Object not found." }, "anonymousFinds": [],
              "aliceUpdates": { "ok": true }, "bobUpdates": { "code": 101, "message": "Object not found." },
              "bobDeletes": { "code": 101, "message": "Object not found." },
              "clp": {
                "find": {}, "get": {}, "count": {}, "create": { "*": true }, "update": {}, "delete": {}, "addField": {},
                "protectedFields": {}, "readUserFields": ["owner"], "writeUserFields": ["owner"]
              }
            }
            """, (await SeenAsync())["userFields"]);
    }

    [Fact]
    public async Task PointerFieldsGiveTheNamedUserExactlyTheOperationsTheyAreListedFor()
    {
        SeenAssert.Json("""
            {
              "bobFinds": ["1A"], "aliceFinds": [], "bobUpdates": { "ok": true },
              "aliceUpdates": { "code": 101, "message": "Object not found." }, "bobDeletes": { "code": 119, "message": "Permission denied" }
            }
            """, (await SeenAsync())["pointerFields"]);
    }

    [Fact]
    public async Task ProtectedFieldsApplyPerEntityAndAProtectedFieldCannotBeQueried()
    {
        SeenAssert.Json("""
            {
              "alice": ["createdAt", "name", "phone", "updatedAt"],
              "bob": ["createdAt", "name", "updatedAt"],
              "anonymous": ["createdAt", "name", "updatedAt"],
              "master": ["createdAt", "name", "phone", "updatedAt", "user"],
              "bobQueriesProtected": { "code": 119, "message": "Permission denied" }
            }
            """, (await SeenAsync())["protectedFields"]);
    }

    [Fact]
    public async Task AClassIsDeletedOnlyWhenEmptyAndThenClientsCannotRecreateIt()
    {
        var deleting = (await SeenAsync())["deleting"]!;
        SeenAssert.Answered(400, 255, "Class Memo is not empty, contains 1 objects, cannot drop schema.", deleting["nonEmpty"]);
        SeenAssert.Json("""{ "status": 200, "body": {} }""", deleting["empty"]);
        SeenAssert.Answered(400, 103, "Class Memo does not exist.", deleting["afterwards"]);
        SeenAssert.Refused(119, "Permission denied", deleting["sdkAfterwards"]);
    }

    [Fact]
    public async Task DeletingAClassThatDoesNotExistSucceeds()
    {
        SeenAssert.Json("""{ "status": 200, "body": {} }""", (await SeenAsync())["deleting"]!["missing"]);
    }
}

public sealed class SchemasAndClpsOnParseServer9 : SchemaAndClpTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnParseServer9Async("schemas-and-clps.js");

    protected override void AssertMasterKeyRefusal(JToken body) => SeenAssert.Json("""{ "error": "Permission denied" }""", body);
}

public abstract class SchemasAndClpsOnPhoneAuth(StorageEngine engine) : SchemaAndClpTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnPhoneAuthAsync("schemas-and-clps.js", engine);

    protected override void AssertMasterKeyRefusal(JToken body) => SeenAssert.Json("""{ "code": 119, "error": "Permission denied" }""", body);
}

public sealed class SchemasAndClpsOnSqlite() : SchemasAndClpsOnPhoneAuth(StorageEngine.Sqlite);

public sealed class SchemasAndClpsOnPostgres() : SchemasAndClpsOnPhoneAuth(StorageEngine.Postgres);
