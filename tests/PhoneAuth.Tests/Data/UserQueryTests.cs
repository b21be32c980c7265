using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Data;

/// <summary>
/// Users through the ordinary query path (user-queries.js): ann (level 1, Oslo), ben (3, Rome) and cy
/// (5, Oslo) made themselves publicly readable; dot (7, Rome) kept the default, private ACL. Email is
/// a protected field of _User by default.
/// </summary>
public abstract class UserQueryTests
{
    protected abstract Task<JObject> SeenAsync();

    [Theory]
    [InlineData("all", "ann", "ben", "cy")]
    [InlineData("allAnonymous", "ann", "ben", "cy")]
    [InlineData("allMaster", "ann", "ben", "cy", "dot")]
    [InlineData("greaterThan", "ben", "cy")]
    [InlineData("containedIn", "ben")]
    [InlineData("or", "ann", "ben")]
    [InlineData("descending", "cy", "ben", "ann")]
    [InlineData("startsWithUsername", "ben")]
    [InlineData("dotSeesHerself", "ann", "ben", "cy", "dot")]
    public async Task UserQueriesTakeEveryOperatorAndFindOnlyReadableUsers(string query, params string[] users)
    {
        SeenAssert.Names((await SeenAsync())[query], users);
    }

    [Fact]
    public async Task CountingUsersCountsOnlyReadableOnes()
    {
        Assert.Equal(3, (int)(await SeenAsync())["count"]!);
    }

    [Fact]
    public async Task AnotherUsersEmailIsNotReturnedButOnesOwnIs()
    {
        var privacy = (await SeenAsync())["privacy"]!;
        SeenAssert.Json("""{ "hasEmail": false, "hasSessionToken": false, "keys": ["ACL", "city", "createdAt", "label", "level", "tag", "updatedAt", "username"] }""", privacy["annSeesBen"]);
        SeenAssert.Json("""{ "hasEmail": true, "hasSessionToken": false, "keys": ["ACL", "city", "createdAt", "email", "label", "level", "tag", "updatedAt", "username"] }""", privacy["annSeesHerself"]);
        SeenAssert.Json("""{ "hasEmail": true, "hasSessionToken": false, "keys": ["ACL", "city", "createdAt", "email", "label", "level", "tag", "updatedAt", "username"] }""", privacy["masterSeesBen"]);
        SeenAssert.Refused(101, "Object not found.", privacy["annGetsDot"]);
    }

    [Fact]
    public async Task QueryingSortingOrTestingByEmailIsRefusedToClientsEvenForTheirOwn()
    {
        var privacy = (await SeenAsync())["privacy"]!;
        foreach (var query in new[] { "byOthersEmail", "byOwnEmail", "byEmailAnonymous", "emailExists", "sortByEmail" })
            SeenAssert.Refused(119, "Permission denied", privacy[query]);
        SeenAssert.Names(privacy["byEmailMaster"], "ben");
    }

    [Fact]
    public async Task AnIncludedUserIsReadableOnlyUnderItsAclAndWithoutOthersEmail()
    {
        SeenAssert.Json("""
            {
              "ann": [
                { "title": "by ann", "author": "ann", "authorEmail": true, "authorIsUser": true },
                { "title": "by ben", "author": "ben", "authorEmail": false, "authorIsUser": true },
                { "title": "by dot", "author": "<absent>", "authorEmail": false, "authorIsUser": false }
              ],
              "dot": [
                { "title": "by ann", "author": "ann", "authorEmail": false, "authorIsUser": true },
                { "title": "by ben", "author": "ben", "authorEmail": false, "authorIsUser": true },
                { "title": "by dot", "author": "dot", "authorEmail": true, "authorIsUser": true }
              ],
              "master": [
                { "title": "by ann", "author": "ann", "authorEmail": true, "authorIsUser": true },
                { "title": "by ben", "author": "ben", "authorEmail": true, "authorIsUser": true },
                { "title": "by dot", "author": "dot", "authorEmail": true, "authorIsUser": true }
              ]
            }
            """, (await SeenAsync())["include"]);
    }

    [Fact]
    public async Task AnInnerQueryOnUsersMatchesPointersToThem()
    {
        SeenAssert.Names((await SeenAsync())["matchesQueryOnUsers"], "by ben");
    }
}

public sealed class UserQueriesThroughDataPathOnParseServer9 : UserQueryTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnParseServer9Async("user-queries.js");
}

public sealed class UserQueriesThroughDataPathOnSqlite : UserQueryTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnPhoneAuthAsync("user-queries.js", StorageEngine.Sqlite);
}

public sealed class UserQueriesThroughDataPathOnPostgres : UserQueryTests
{
    protected override Task<JObject> SeenAsync() => DataScenario.OnPhoneAuthAsync("user-queries.js", StorageEngine.Postgres);
}
