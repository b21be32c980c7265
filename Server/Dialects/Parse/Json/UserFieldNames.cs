namespace PhoneAuth.Server.Dialects.Parse.Json;

/// <summary>
/// What a dialect calls the core's phone fields. LeanCloud speaks Parse JSON but names the phone
/// <c>mobilePhoneNumber</c>. One user is one user in every dialect, so every dialect's phone names
/// are reserved in all of them: none may be a custom field, which would show another number.
/// </summary>
public sealed record UserFieldNames(string Phone, string PhoneVerified)
{
    public static readonly UserFieldNames Parse = new("phone", "phoneVerified");

    /// <summary>Every dialect's names of the phone fields.</summary>
    public static readonly IReadOnlySet<string> AllPhoneNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "phone", "phoneVerified", "mobilePhoneNumber", "mobilePhoneVerified",
    };
}
