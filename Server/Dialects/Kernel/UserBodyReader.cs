using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Users;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>Reads a user write (POST /users, PUT /users/{id}) into the core's <see cref="UserChanges"/>.</summary>
internal static partial class UserBodyReader
{
    /// <param name="body">The request body.</param>
    /// <param name="names">
    /// The dialect's names of the phone fields. Any other name is a custom field, another dialect's
    /// name of the phone included: a LeanCloud app's own <c>phone</c> is its own field.
    /// </param>
    /// <param name="leanCloudOperators">Whether LeanCloud's Decrement and bitwise operators may change custom fields.</param>
    public static UserChanges Read(JsonObject body, FieldNames names, bool leanCloudOperators)
    {
        string? username = null, password = null;
        ValueChange<string>? email = null, phone = null;
        bool? emailVerified = null, phoneVerified = null;
        JsonObject? acl = null;
        var fields = new Dictionary<string, FieldOperation>(StringComparer.Ordinal);
        var authData = new Dictionary<string, JsonObject?>(StringComparer.Ordinal);

        foreach (var (property, value) in body)
        {
            if (property == names.Phone)
            {
                phone = TextOrErase(value) ?? throw new PhoneAuthException(AuthError.InvalidPhoneNumber);
                continue;
            }
            if (property == names.PhoneVerified)
            {
                phoneVerified = Boolean(value, property);
                continue;
            }
            switch (property)
            {
                case "objectId" or "id":
                    throw new PhoneAuthException(AuthError.InvalidFieldName) { PublicMessage = $"{property} is an invalid field name." };
                case "createdAt" or "updatedAt" or "sessionToken":
                    continue; // set by the server; clients echo them back at times
                case "username":
                    username = WireJson.Text(value) ?? throw new PhoneAuthException(AuthError.UsernameMissing);
                    break;
                case "password":
                    password = WireJson.Text(value) ?? throw new PhoneAuthException(AuthError.PasswordMissing);
                    break;
                case "email":
                    email = TextOrErase(value) ?? throw new PhoneAuthException(AuthError.InvalidEmail);
                    break;
                case "emailVerified":
                    emailVerified = Boolean(value, "emailVerified");
                    break;
                case "ACL":
                    acl = value is JsonObject aclObject ? (JsonObject)aclObject.DeepClone() : throw Incorrect("ACL must be an object.");
                    break;
                case "authData":
                    ReadAuthData(value, authData);
                    break;
                default:
                    if (!FieldName().IsMatch(property)) throw InvalidName(property);
                    fields[property] = OperationReader.Read(property, value, leanCloudOperators, allowRelations: false);
                    break;
            }
        }
        return new UserChanges
        {
            Username = username, Password = password, Email = email, Phone = phone,
            EmailVerified = emailVerified, PhoneVerified = phoneVerified, Acl = acl, Fields = fields, AuthData = authData,
        };
    }

    private static void ReadAuthData(JsonNode? value, Dictionary<string, JsonObject?> authData)
    {
        if (value is not JsonObject providers) throw new PhoneAuthException(AuthError.UnsupportedAuthProvider, "authData is not an object");
        foreach (var (provider, data) in providers)
        {
            authData[provider] = data switch
            {
                JsonObject given => (JsonObject)given.DeepClone(),
                null => null,
                _ => throw new PhoneAuthException(AuthError.InvalidAuthData) { Args = [provider] },
            };
        }
    }

    /// <summary>A string sets the value; null or {"__op":"Delete"} erases it; anything else is invalid (null return).</summary>
    private static ValueChange<string>? TextOrErase(JsonNode? value) => value switch
    {
        _ when WireJson.Text(value) is { } text => new ValueChange<string>(text),
        null => UserChanges.Erase,
        JsonObject op when WireJson.Text(op["__op"]) == "Delete" => UserChanges.Erase,
        _ => null,
    };

    private static bool Boolean(JsonNode? value, string field) =>
        value is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? flag.GetValue<bool>()
            : throw Incorrect($"{field} must be a boolean.");

    private static PhoneAuthException InvalidName(string name) => new(AuthError.InvalidFieldName) { Args = [name] };

    private static PhoneAuthException Incorrect(string what) => new(AuthError.IncorrectType) { Args = [what] };

    /// <summary>Parse Server's rule for field names; "_"-prefixed names are internal.</summary>
    [GeneratedRegex("^[A-Za-z][0-9A-Za-z_]{0,127}$")]
    private static partial Regex FieldName();
}
