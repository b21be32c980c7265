namespace PhoneAuth.CloudFunctions.Errors;

/// <summary>
/// The catalogue of expected, client-caused failures. The core throws these; each dialect maps every
/// member to its own wire code, HTTP status and public message (see the Parse dialect's ParseErrorMap).
/// </summary>
public enum AuthError
{
    // Input
    /// <summary>The request body is not a JSON object.</summary>
    InvalidJson,
    /// <summary>A validator rejected the request; the public message says why.</summary>
    ValidationFailed,
    /// <summary>A required parameter is missing. Args: the parameter name.</summary>
    MissingParameter,
    /// <summary>A parameter has the wrong JSON type. Args: the parameter name, the expected type.</summary>
    InvalidParameterType,
    /// <summary>A parameter is not one of the allowed values. Args: the parameter name, the allowed values.</summary>
    InvalidParameterOption,
    /// <summary>A parameter failed its rule's check. Args: the parameter name.</summary>
    InvalidParameterValue,
    /// <summary>The request context (<c>_context</c>) is not a JSON object.</summary>
    InvalidContext,

    // Phone numbers and codes
    /// <summary>The phone number cannot be parsed, or its country is not allowed.</summary>
    InvalidPhoneNumber,
    /// <summary>Wrong, expired, used or dead code. Deliberately one error for all four causes.</summary>
    CodeInvalidOrExpired,
    /// <summary>A code was requested again within the resend interval. Carries RetryAfter.</summary>
    SendTooFrequent,
    /// <summary>A send limit other than the resend interval was reached. Carries RetryAfter.</summary>
    SendLimitReached,
    /// <summary>A code was requested without a valid challenge token while one is required.</summary>
    ChallengeFailed,
    /// <summary>The SMS provider refused or failed to send.</summary>
    SmsProviderFailed,
    /// <summary>The phone number belongs to another account.</summary>
    PhoneNumberTaken,
    /// <summary>No account has this phone number (only answered after a valid code was checked).</summary>
    PhoneNumberNotFound,
    /// <summary>Too many wrong codes for this phone: code login is locked for a while. Carries RetryAfter.</summary>
    PhoneVerificationLocked,
    /// <summary>
    /// The account's phone number was never verified, so a code sent to it does not log in or reset
    /// the password: whoever holds that number may not be the account's owner.
    /// </summary>
    PhoneNotVerified,
    /// <summary>The account has no phone number (unbind, verify).</summary>
    NoPhoneBound,
    /// <summary>The number given is not the account's current phone (codes to unbind or verify go to that phone).</summary>
    NotCurrentPhone,
    /// <summary>The account already has a phone; changing it needs verifyMyPhone and changeMobilePhone.</summary>
    PhoneAlreadyBound,
    /// <summary>Unbinding would leave the account without any way to log in.</summary>
    PhoneIsOnlyLogin,
    /// <summary>The phone-change ticket is unknown, used, expired or not this user's.</summary>
    TicketInvalid,
    /// <summary>Moving a verified number needs a ticket or a recent login. Args: the window in minutes.</summary>
    RecentLoginRequired,
    /// <summary>PhoneAuth:AllowRegister is false.</summary>
    RegistrationClosed,

    // Users
    /// <summary>Another user has this username (case-insensitively).</summary>
    UsernameTaken,
    /// <summary>Another user has this email address (case-insensitively).</summary>
    EmailTaken,
    /// <summary>Sign-up without a username.</summary>
    UsernameMissing,
    /// <summary>A client chose a username that is a phone number: those belong to the phone flows.</summary>
    UsernameReserved,
    /// <summary>Login without a username or an email.</summary>
    LoginIdentifierMissing,
    /// <summary>Sign-up or login without a password.</summary>
    PasswordMissing,
    /// <summary>The email address is malformed.</summary>
    InvalidEmail,
    /// <summary>Unknown user or wrong password: deliberately one error for both.</summary>
    InvalidCredentials,
    /// <summary>Too many failed logins. Args: minutes until the lock ends.</summary>
    AccountLocked,
    /// <summary>A field name is reserved or malformed. Args: the name.</summary>
    InvalidFieldName,
    /// <summary>A value or operation does not fit the field. Args: what was wrong.</summary>
    IncorrectType,
    /// <summary>The record would exceed Data:MaxRecordSize or hold an array longer than Data:MaxArrayLength. Args: which limit.</summary>
    ObjectTooLarge,
    /// <summary>The client may not set this field. Args: the field.</summary>
    FieldNotWritable,
    /// <summary>The authData provider is unknown or disabled.</summary>
    UnsupportedAuthProvider,
    /// <summary>The authData is already linked to another user.</summary>
    AuthDataTaken,
    /// <summary>The authData of a provider is malformed. Args: the provider.</summary>
    InvalidAuthData,
    /// <summary>A required value is missing or empty. Args: what.</summary>
    MissingValue,
    /// <summary>loginAs: no user has this id.</summary>
    UserNotFound,

    // Sessions and permissions
    /// <summary>The session token is unknown or revoked.</summary>
    SessionInvalid,
    /// <summary>The session token has expired.</summary>
    SessionExpired,
    /// <summary>The operation needs a logged-in user.</summary>
    LoginRequired,
    /// <summary>The operation needs the master key.</summary>
    MasterKeyRequired,
    /// <summary>The caller may not do this to this object.</summary>
    PermissionDenied,
    /// <summary>Writing a user needs that user's session or the master key.</summary>
    SessionMissing,
    /// <summary>Deleting a user needs that user's session or the master key.</summary>
    DeleteNotAllowed,

    // Cloud functions
    /// <summary>No function has this name. Args: the name.</summary>
    FunctionNotFound,
    /// <summary>A cloud function failed without a code of its own.</summary>
    ScriptFailed,
    /// <summary>A trigger ran past CloudCode:TriggerTimeout. Args: the trigger, the class.</summary>
    ScriptTimedOut,
    /// <summary>A trigger's own write would run triggers deeper than CloudCode:MaxTriggerDepth. Args: the depth.</summary>
    TriggerDepthExceeded,

    // Objects
    /// <summary>The object does not exist or is not visible to the caller.</summary>
    ObjectNotFound,
    /// <summary>A class name is malformed. Args: the name.</summary>
    InvalidClassName,
    /// <summary>The class does not exist and the caller may not create it. Args: the class.</summary>
    ClassCreationForbidden,
    /// <summary>A value's type differs from the field's. Args: the class, the field, the field's type, the value's type.</summary>
    SchemaMismatch,
    /// <summary>A class-level permission refuses the action. Args: the action, the class.</summary>
    ActionForbidden,
    /// <summary>A query names a field the class's protectedFields hide from the caller. Args: the field, the class.</summary>
    ProtectedFieldQueried,
    /// <summary>The class-level permissions want a logged-in user.</summary>
    AuthenticationRequired,
    /// <summary>A unique index refused the value.</summary>
    DuplicateValue,
    /// <summary>An ACL is malformed.</summary>
    InvalidAcl,
    /// <summary>A pointer is malformed. Args: what.</summary>
    InvalidPointer,
    /// <summary>The class does not exist (schemas). Args: the class.</summary>
    ClassNotFound,
    /// <summary>The class already exists (schemas). Args: the class.</summary>
    ClassExists,
    /// <summary>The class still has objects (schemas). Args: the class, how many.</summary>
    ClassNotEmpty,
    /// <summary>A schema change is invalid (a field that exists, an index on a missing field...). Args: what.</summary>
    InvalidSchemaChange,
    /// <summary>A batch holds too many requests, or one it cannot run. Args: what.</summary>
    InvalidBatch,

    /// <summary>A query parameter or constraint is not supported. Args: what.</summary>
    InvalidQuery,
    /// <summary>A query names a field that cannot be one. Args: the name.</summary>
    InvalidKeyName,
    /// <summary>A field operation (__op) this server does not have. Args: the operation.</summary>
    UnsupportedOperation,
    /// <summary>A field the schema requires is missing. Args: the field.</summary>
    RequiredFieldMissing,
    /// <summary>A role is created without an ACL.</summary>
    AclRequired,
    /// <summary>A Pointer or Relation field is declared without its target class. Args: the type.</summary>
    SchemaTargetMissing,
    /// <summary>The route is for the master key alone (schemas).</summary>
    MasterKeyOnly,
    /// <summary>A conditional update or delete (LeanCloud's <c>where</c> on a write): the object does not meet the condition.</summary>
    ConditionNotMet,
    /// <summary>A query language statement (LeanCloud's CQL) cannot be read. Args: what, and where.</summary>
    InvalidStatement,

    // Limits
    /// <summary>A generic rate limit was reached. Carries RetryAfter; PublicMessage may say more.</summary>
    RateLimited,
    /// <summary>The idempotency key of this request was seen before.</summary>
    DuplicateRequest,
}
