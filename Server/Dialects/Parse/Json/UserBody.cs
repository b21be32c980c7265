using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Users;

namespace PhoneAuth.Server.Dialects.Parse.Json;

/// <summary>Reads a Parse user write (POST /users, PUT /users/{id}) into the core's <see cref="UserChanges"/>.</summary>
internal static partial class UserBody
{
    /// <param name="body">The request body.</param>
    /// <param name="names">The dialect's names of the phone fields; Parse's by default.</param>
    public static UserChanges Read(JObject body, UserFieldNames? names = null)
    {
        names ??= UserFieldNames.Parse;
        string? username = null, password = null;
        ValueChange<string>? email = null, phone = null;
        bool? emailVerified = null, phoneVerified = null;
        JsonObject? acl = null;
        var fields = new Dictionary<string, FieldOperation>(StringComparer.Ordinal);
        var authData = new Dictionary<string, JsonObject?>(StringComparer.Ordinal);

        foreach (var property in body.Properties())
        {
            var value = property.Value;
            var name = property.Name == names.Phone ? "phone" : property.Name == names.PhoneVerified ? "phoneVerified"
                : UserFieldNames.AllPhoneNames.Contains(property.Name) ? "objectId" : property.Name;
            switch (name)
            {
                case "objectId" or "id": // and another dialect's phone name
                    throw InvalidName(property.Name);
                case "createdAt" or "updatedAt" or "sessionToken":
                    continue; // set by the server; clients echo them back at times
                case "username":
                    username = value.Type == JTokenType.String ? (string)value! : throw new PhoneAuthException(AuthError.UsernameMissing);
                    break;
                case "password":
                    password = value.Type == JTokenType.String ? (string)value! : throw new PhoneAuthException(AuthError.PasswordMissing);
                    break;
                case "email":
                    email = TextOrErase(value) ?? throw new PhoneAuthException(AuthError.InvalidEmail);
                    break;
                case "phone":
                    phone = TextOrErase(value) ?? throw new PhoneAuthException(AuthError.InvalidPhoneNumber);
                    break;
                case "emailVerified":
                    emailVerified = Boolean(value, "emailVerified");
                    break;
                case "phoneVerified":
                    phoneVerified = Boolean(value, "phoneVerified");
                    break;
                case "ACL":
                    acl = value is JObject aclObject ? JsonNodes.ToObject(aclObject) : throw Incorrect("ACL must be an object.");
                    break;
                case "authData":
                    ReadAuthData(value, authData);
                    break;
                default:
                    if (!FieldName().IsMatch(property.Name)) throw InvalidName(property.Name);
                    fields[property.Name] = Operation(property.Name, value);
                    break;
            }
        }
        return new UserChanges
        {
            Username = username, Password = password, Email = email, Phone = phone,
            EmailVerified = emailVerified, PhoneVerified = phoneVerified, Acl = acl, Fields = fields, AuthData = authData,
        };
    }

    /// <summary>A plain value is a Set; an object with <c>__op</c> is one of Parse's operators.</summary>
    private static FieldOperation Operation(string field, JToken value)
    {
        if (value is not JObject { } candidate || candidate["__op"] is not JValue { Type: JTokenType.String } op)
            return new FieldOperation.Set(JsonNodes.ToNode(value));
        return (string)op! switch
        {
            "Delete" => new FieldOperation.Delete(),
            "Increment" => candidate["amount"] is JValue { Type: JTokenType.Integer or JTokenType.Float } amount
                ? new FieldOperation.Increment(JsonNodes.ToNode(amount)!)
                : throw Incorrect($"Increment of {field} needs a numeric amount."),
            "Add" => new FieldOperation.Add(Objects(field, candidate)),
            "AddUnique" => new FieldOperation.AddUnique(Objects(field, candidate)),
            "Remove" => new FieldOperation.Remove(Objects(field, candidate)),
            var other => throw Incorrect($"The operation {other} on {field} is not supported."),
        };
    }

    private static JsonArray Objects(string field, JObject op) =>
        op["objects"] is JArray objects ? (JsonArray)JsonNodes.ToNode(objects)! : throw Incorrect($"The operation on {field} needs an objects array.");

    private static void ReadAuthData(JToken value, Dictionary<string, JsonObject?> authData)
    {
        if (value is not JObject providers) throw new PhoneAuthException(AuthError.UnsupportedAuthProvider, "authData is not an object");
        foreach (var provider in providers.Properties())
        {
            authData[provider.Name] = provider.Value switch
            {
                JObject data => JsonNodes.ToObject(data),
                { Type: JTokenType.Null } => null,
                _ => throw new PhoneAuthException(AuthError.InvalidAuthData) { Args = [provider.Name] },
            };
        }
    }

    /// <summary>A string sets the value; null or {"__op":"Delete"} erases it; anything else is invalid (null return).</summary>
    private static ValueChange<string>? TextOrErase(JToken value) => value switch
    {
        { Type: JTokenType.String } => new ValueChange<string>((string)value!),
        { Type: JTokenType.Null } => UserChanges.Erase,
        JObject { } op when (string?)op["__op"] == "Delete" => UserChanges.Erase,
        _ => null,
    };

    private static bool Boolean(JToken value, string field) =>
        value.Type == JTokenType.Boolean ? (bool)value : throw Incorrect($"{field} must be a boolean.");

    private static PhoneAuthException InvalidName(string name) => new(AuthError.InvalidFieldName) { Args = [name] };

    private static PhoneAuthException Incorrect(string what) => new(AuthError.IncorrectType) { Args = [what] };

    /// <summary>Parse Server's rule for field names; "_"-prefixed names are internal.</summary>
    [GeneratedRegex("^[A-Za-z][0-9A-Za-z_]{0,127}$")]
    private static partial Regex FieldName();
}
