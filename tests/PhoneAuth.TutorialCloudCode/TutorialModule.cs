using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.CloudData;
using PhoneAuth.CloudFunctions.Functions;

namespace PhoneAuth.TutorialCloudCode;

/// <summary>
/// What the Parse phone-login tutorial's cloud code does, without its flaws. The tutorial keeps codes in
/// an in-memory map, saves a private-ACL object per user, finds the user by phone with the master key,
/// and uses the code as the user's password to log in. Here the codes, their expiry, limits and the
/// session are the server's built-in functions' (requestSmsCode, signUpOrlogInWithMobilePhone): this
/// module never sees a code. What is left is app data: a private object per user, and an operator's
/// master-key lookup of a user by phone with its private object included.
/// </summary>
public sealed class TutorialModule : ICloudCodeModule
{
    public const string ProfileClass = "Profile";

    public void Register(CloudFunctionRegistry cloud)
    {
        cloud.Define("saveMyProfile", SaveMyProfileAsync, new CloudFunctionRules
        {
            RequireUser = true,
            Fields = new Dictionary<string, FieldRule> { ["nickname"] = new() { Type = FieldType.String, Required = true } },
        });
        cloud.Define("myProfile", MyProfileAsync, new CloudFunctionRules { RequireUser = true });
        cloud.Define("findUserByPhone", FindUserByPhoneAsync, new CloudFunctionRules
        {
            RequireMaster = true,
            Fields = new Dictionary<string, FieldRule> { ["phoneNumber"] = new() { Type = FieldType.String, Required = true } },
        });
    }

    /// <summary>
    /// The caller's own private object, created on first use. Looked up and created with the master key
    /// (which may create the class, as clients may not), the owner set here, where no client can forge it;
    /// then changed with the caller's rights, which its private ACL grants to its owner alone.
    /// </summary>
    private static async Task<object?> SaveMyProfileAsync(CloudRequest request)
    {
        var user = request.User!;
        var profile = await request.Data.AsMaster().Query(ProfileClass).EqualTo("owner", ParseObject.WithoutData("_User", user.Id)).FirstAsync(request.CancellationToken);
        if (profile is null)
        {
            profile = new ParseObject(ProfileClass).Set("owner", ParseObject.WithoutData("_User", user.Id)).SetAcl(ParseAcl.Private(user.Id));
            await request.Data.AsMaster().SaveAsync(profile, request.CancellationToken);
        }
        profile.Set("nickname", request.RequireString("nickname")).Increment("saves");
        await request.Data.SaveAsync(profile, request.CancellationToken);
        return new JsonObject { ["objectId"] = profile.Id, ["saves"] = profile.Get<int>("saves") };
    }

    /// <summary>The caller's own profile, read with the caller's rights; null when it has none.</summary>
    private static async Task<object?> MyProfileAsync(CloudRequest request)
    {
        var profile = await request.Data.Query(ProfileClass).EqualTo("owner", ParseObject.WithoutData("_User", request.User!.Id)).FirstAsync(request.CancellationToken);
        return profile?.Get<string>("nickname");
    }

    /// <summary>
    /// For operators (master key only): the user with this phone number (E.164, as stored) and its
    /// private profile, with the profile's owner included. The tutorial's <c>query.first({ useMasterKey: true })</c>.
    /// </summary>
    private static async Task<object?> FindUserByPhoneAsync(CloudRequest request)
    {
        var data = request.Data.AsMaster();
        var user = await data.Query("_User").EqualTo("phone", request.RequireString("phoneNumber")).FirstAsync(request.CancellationToken);
        if (user is null) return null;
        var profile = await data.Query(ProfileClass).EqualTo("owner", user).Include("owner").FirstAsync(request.CancellationToken);
        return new JsonObject
        {
            ["userId"] = user.Id,
            ["phoneVerified"] = user.Get<bool>("phoneVerified"),
            ["nickname"] = profile?.Get<string>("nickname"),
            ["owner"] = profile?.GetObject("owner")?.Get<string>("username"),
        };
    }
}
