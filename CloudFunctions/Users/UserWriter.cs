using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.CloudFunctions.Users;

/// <summary>Validates <see cref="UserChanges"/> and applies them to a user: a pure function of its inputs.</summary>
internal static partial class UserWriter
{
    /// <param name="current">The stored user, or a blank one for a sign-up.</param>
    /// <param name="changes">What the client asked for.</param>
    /// <param name="authData">The changes' authData after the providers validated it.</param>
    /// <param name="isMaster">Whether the caller has the master key.</param>
    /// <param name="hasher">Hashes a new password.</param>
    /// <param name="phones">Reads a phone set with the master key, and a username that may be a number.</param>
    public static (UserRecord User, bool PasswordChanged) Apply(
        UserRecord current, UserChanges changes, IReadOnlyDictionary<string, JsonObject?> authData,
        bool isMaster, IPasswordHasher hasher, PhoneParser phones)
    {
        var user = current;
        if (changes.Username is { } username && username != current.Username)
        {
            if (username.Length == 0) throw new PhoneAuthException(AuthError.UsernameMissing);
            user = user with { Username = isMaster ? username : PhoneShapedUsernames.CheckClientChoice(username, current, phones) };
        }
        if (changes.Password is { } password)
            user = user with { PasswordHash = hasher.Hash(password.Length > 0 ? password : throw new PhoneAuthException(AuthError.PasswordMissing)) };
        if (changes.Email is { } email)
            user = user with { Email = email.Value is null || EmailShape().IsMatch(email.Value) ? email.Value : throw new PhoneAuthException(AuthError.InvalidEmail) };

        if (changes.EmailVerified is { } emailVerified) user = user with { EmailVerified = MasterOnly(emailVerified, isMaster, "emailVerified") };
        if (changes.Phone is { } phone)
            user = user with { Phone = MasterOnly(phone, isMaster, "phone").Value is { } number ? phones.Parse(number).E164 : null };
        if (changes.PhoneVerified is { } phoneVerified) user = user with { PhoneVerified = MasterOnly(phoneVerified, isMaster, "phoneVerified") };
        if (changes.Acl is { } acl) user = user with { Acl = CheckAcl(acl, user.Id, isMaster) };

        if (changes.Fields.Count > 0)
        {
            var fields = (JsonObject)user.Fields.DeepClone();
            foreach (var (name, operation) in changes.Fields) operation.ApplyTo(fields, name);
            user = user with { Fields = fields };
        }
        if (authData.Count > 0)
        {
            var linked = (JsonObject?)user.AuthData?.DeepClone() ?? [];
            foreach (var (provider, data) in authData)
            {
                if (data is null) linked.Remove(provider);
                else linked[provider] = data.DeepClone();
            }
            user = user with { AuthData = linked.Count > 0 ? linked : null };
        }
        return (user, changes.Password is not null);
    }

    private static T MasterOnly<T>(T value, bool isMaster, string field) =>
        isMaster ? value : throw new PhoneAuthException(AuthError.FieldNotWritable) { Args = [field] };

    /// <summary>
    /// An ACL maps "*", a user id or "role:Name" to {"read": bool, "write": bool}. A client cannot lock
    /// itself out of its own user: as Parse Server does, its own entry is forced to read and write.
    /// </summary>
    private static JsonObject CheckAcl(JsonObject acl, string userId, bool isMaster)
    {
        foreach (var (_, entry) in acl)
        {
            if (entry is not JsonObject permissions || permissions.Any(p => p.Key is not ("read" or "write") || p.Value?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)))
                throw new PhoneAuthException(AuthError.IncorrectType) { Args = ["ACL entries must be {\"read\": true|false, \"write\": true|false}."] };
        }
        var result = (JsonObject)acl.DeepClone();
        if (!isMaster) result[userId] = new JsonObject { ["read"] = true, ["write"] = true };
        return result;
    }

    /// <summary>Parse Server's email check: something, "@", something.</summary>
    [GeneratedRegex("^.+@.+$")]
    private static partial Regex EmailShape();
}
