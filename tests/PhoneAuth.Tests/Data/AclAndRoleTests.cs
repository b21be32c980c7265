using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Data;

/// <summary>
/// ACLs and roles as the official JS SDK uses them (acls-and-roles.js). alice owns every Doc; carol is
/// an Admin, dave a Moderator, and Admin is a child role of Moderator (moderator.getRoles().add(admin)),
/// so Admins hold Moderators' rights; bob holds nothing. Docs: private (alice), publicRead, admins
/// (role:Admin rw), moderatorsRead (role:Moderator r), bobWriteOnly (bob w), noAcl, emptyAcl.
/// </summary>
public abstract class AclAndRoleTests
{
    protected abstract Task<JObject> SeenAsync();

    [Theory]
    [InlineData("alice", "admins", "bobWriteOnly", "moderatorsRead", "noAcl", "private", "publicRead")]
    [InlineData("bob", "noAcl", "publicRead")]
    [InlineData("carol", "admins", "moderatorsRead", "noAcl", "publicRead")]
    [InlineData("dave", "moderatorsRead", "noAcl", "publicRead")]
    [InlineData("anonymous", "noAcl", "publicRead")]
    [InlineData("master", "admins", "bobWriteOnly", "emptyAcl", "moderatorsRead", "noAcl", "private", "publicRead")]
    public async Task EachCallerFindsExactlyWhatItsAclsAndRolesLetItRead(string caller, params string[] titles)
    {
        SeenAssert.Names((await SeenAsync())["visible"]![caller], titles);
    }

    [Fact]
    public async Task AnotherUserCannotReadUpdateOrDeleteAndIsToldTheObjectIsNotFound()
    {
        var denied = (await SeenAsync())["denied"]!;
        foreach (var sdkCall in new[] { "bobGetsPrivate", "bobUpdatesPrivate", "bobDeletesPrivate", "bobGetsWriteOnly" })
            SeenAssert.Refused(101, "Object not found.", denied[sdkCall]);
        foreach (var restCall in new[] { "bobGetsPrivateWire", "bobUpdatesPrivateWire", "bobDeletesPrivateWire" })
            SeenAssert.Answered(404, 101, "Object not found.", denied[restCall]);
    }

    [Fact]
    public async Task PublicReadAccessGivesNoWriteAccess()
    {
        var denied = (await SeenAsync())["denied"]!;
        SeenAssert.Refused(101, "Object not found.", denied["bobUpdatesPublicRead"]);
        SeenAssert.Refused(101, "Object not found.", denied["bobDeletesPublicRead"]);
        SeenAssert.Refused(101, "Object not found.", denied["anonymousUpdatesPublicRead"]);
    }

    [Fact]
    public async Task RoleRightsReachMembersAndMembersOfChildRolesOnly()
    {
        var seen = await SeenAsync();
        SeenAssert.Refused(101, "Object not found.", seen["denied"]!["bobUpdatesAdmins"]);
        // dave is a Moderator: Admin is Moderator's child, not the other way round.
        SeenAssert.Refused(101, "Object not found.", seen["denied"]!["daveUpdatesAdmins"]);
        SeenAssert.Refused(101, "Object not found.", seen["denied"]!["carolUpdatesModeratorsRead"]);
        SeenAssert.Succeeded(seen["allowed"]!["carolGetsModeratorsRead"]);
        SeenAssert.Succeeded(seen["allowed"]!["carolUpdatesAdmins"]);
    }

    [Fact]
    public async Task WriteAccessWithoutReadAccessStillUpdates()
    {
        var allowed = (await SeenAsync())["allowed"]!;
        SeenAssert.Succeeded(allowed["bobUpdatesWriteOnly"]);
        SeenAssert.Json("""{ "status": 200, "keys": ["updatedAt"] }""", allowed["bobUpdatesWriteOnlyWire"]);
    }

    [Fact]
    public async Task NoAclMeansPublicAndAnEmptyAclMeansMasterKeyOnly()
    {
        var seen = await SeenAsync();
        SeenAssert.Succeeded(seen["allowed"]!["bobUpdatesNoAcl"]);
        SeenAssert.Succeeded(seen["allowed"]!["masterUpdatesEmptyAcl"]);
    }

    [Fact]
    public async Task RefusedWritesChangeNothing()
    {
        SeenAssert.Json("""{ "privateTitle": "private", "publicReadTitle": "publicRead", "writeOnlyNote": "bob2", "adminsNote": "carol" }""",
            (await SeenAsync())["afterDenied"]);
    }

    [Fact]
    public async Task TheAclTravelsAsUserAndRoleEntries()
    {
        SeenAssert.Json("""{ "role:Admin": { "read": true, "write": true }, "<alice>": { "read": true, "write": true } }""", (await SeenAsync())["aclOnWire"]);
    }

    [Fact]
    public async Task AnIncludedObjectTheCallerCannotReadIsDroppedFromTheResult()
    {
        SeenAssert.Json("""
            {
              "alice": [{ "text": "admins", "doc": "admins" }, { "text": "private", "doc": "private" }, { "text": "publicRead", "doc": "publicRead" }],
              "bob": [{ "text": "admins", "doc": "<absent>" }, { "text": "private", "doc": "<absent>" }, { "text": "publicRead", "doc": "publicRead" }],
              "carol": [{ "text": "admins", "doc": "admins" }, { "text": "private", "doc": "<absent>" }, { "text": "publicRead", "doc": "publicRead" }]
            }
            """, (await SeenAsync())["include"]);
    }

    [Fact]
    public async Task RolesListTheirUsersAndChildRoles()
    {
        var roles = (await SeenAsync())["roles"]!;
        SeenAssert.Names(roles["carolDirect"], "Admin");
        SeenAssert.Names(roles["daveDirect"], "Moderator");
        SeenAssert.Names(roles["childRoles"], "Admin");
    }

    [Fact]
    public async Task ARoleNameIsUniqueAndARoleNeedsAnAcl()
    {
        var roles = (await SeenAsync())["roles"]!;
        SeenAssert.Refused(137, "A duplicate value for a field with unique values was provided", roles["duplicateName"]);
        SeenAssert.Answered(400, 111, "ACL is required.", roles["withoutAcl"]);
    }

    [Fact]
    public async Task TheSdkChecksRoleNamesItselfButTheServerTakesAnyNameAndARenameFromTheMasterKey()
    {
        var roles = (await SeenAsync())["roles"]!;
        SeenAssert.Refused(-1, "A role's name can be only contain alphanumeric characters, _, -, and spaces.", roles["invalidNameSdk"]);
        SeenAssert.Refused(-1, "A role's name can only be set before it has been saved.", roles["renamedSdk"]);
        SeenAssert.Json("""{ "status": 201, "keys": ["createdAt", "objectId"] }""", roles["invalidNameWire"]);
        SeenAssert.Json("""{ "status": 200, "keys": ["updatedAt"] }""", roles["renamedWire"]);
        SeenAssert.Json("""
            {
              "status": 200,
              "body": {
                "name": "Renamed", "ACL": { "*": { "read": true } },
                "users": { "__type": "Relation", "className": "_User" }, "roles": { "__type": "Relation", "className": "_Role" }
              }
            }
            """, roles["roleWire"]);
    }

    [Fact]
    public async Task AClientMayCreateARoleWithAnAcl()
    {
        SeenAssert.Succeeded((await SeenAsync())["roles"]!["byClient"]);
    }

    [Fact]
    public async Task UsersArePrivateToOtherUsers()
    {
        SeenAssert.Json("""{ "bobGetsAlice": { "code": 101, "message": "Object not found." }, "bobFindsUsers": ["<bob>"], "masterFindsUsers": 4 }""",
            (await SeenAsync())["users"]);
    }
}

public sealed class AclsAndRolesOnParseServer9 : AclAndRoleTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnParseServer9Async("acls-and-roles.js");
}

public sealed class AclsAndRolesOnSqlite : AclAndRoleTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnPhoneAuthAsync("acls-and-roles.js", StorageEngine.Sqlite);
}

public sealed class AclsAndRolesOnPostgres : AclAndRoleTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnPhoneAuthAsync("acls-and-roles.js", StorageEngine.Postgres);
}
