namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>
/// What a dialect calls the core's phone fields: Parse's <c>phone</c>, LeanCloud's <c>mobilePhoneNumber</c>.
/// Each dialect registers its own (as a service); one user is one user in every dialect, so every
/// dialect's names are reserved in all of them: none may be a custom field, which would show another number.
/// </summary>
public sealed record FieldNames(string Phone, string PhoneVerified);
