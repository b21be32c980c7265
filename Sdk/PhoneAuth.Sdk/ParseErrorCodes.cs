namespace PhoneAuth.Sdk;

/// <summary>The error codes PhoneAuth (and Parse Server) answer with.</summary>
public static class ParseErrorCodes
{
    /// <summary>No code: the server refused without one (403 unauthorized: a wrong application id or client key).</summary>
    public const int OtherCause = -1;
    /// <summary>A fault of the server (500), or the service is unavailable (503).</summary>
    public const int InternalServerError = 1;
    /// <summary>No connection; or a rate limit (429).</summary>
    public const int ConnectionFailed = 100;
    /// <summary>The object does not exist; or an unknown user or wrong password at login (404).</summary>
    public const int ObjectNotFound = 101;
    /// <summary>An unsupported query.</summary>
    public const int InvalidQuery = 102;
    /// <summary>A reserved or malformed field name.</summary>
    public const int InvalidKeyName = 105;
    /// <summary>The body is not a JSON object.</summary>
    public const int InvalidJson = 107;
    /// <summary>A value or operation does not fit the field.</summary>
    public const int IncorrectType = 111;
    /// <summary>The request body is too large (413).</summary>
    public const int ObjectTooLarge = 116;
    /// <summary>The operation is not allowed for this caller or account.</summary>
    public const int OperationForbidden = 119;
    /// <summary>The email address is malformed.</summary>
    public const int InvalidEmailAddress = 125;
    /// <summary>The phone number is invalid, or its country may not receive codes.</summary>
    public const int InvalidPhoneNumber = 127;
    /// <summary>A cloud function failed, or does not exist.</summary>
    public const int ScriptFailed = 141;
    /// <summary>A parameter is missing or ill-typed, or the call needs a login.</summary>
    public const int ValidationError = 142;
    /// <summary>This request id was seen before.</summary>
    public const int DuplicateRequest = 159;
    /// <summary>A value is invalid (authData id, empty userId).</summary>
    public const int InvalidValue = 162;
    /// <summary>Sign-up or login without a username.</summary>
    public const int UsernameMissing = 200;
    /// <summary>Sign-up or login without a password.</summary>
    public const int PasswordMissing = 201;
    /// <summary>The username is taken.</summary>
    public const int UsernameTaken = 202;
    /// <summary>The email address is taken.</summary>
    public const int EmailTaken = 203;
    /// <summary>Writing a user needs its session or the master key.</summary>
    public const int SessionMissing = 206;
    /// <summary>The authData identity belongs to another user.</summary>
    public const int AccountAlreadyLinked = 208;
    /// <summary>The session token is invalid, revoked or expired.</summary>
    public const int InvalidSessionToken = 209;
    /// <summary>The account has no phone number.</summary>
    public const int PhoneNumberMissing = 212;
    /// <summary>No user has this phone number.</summary>
    public const int PhoneNumberNotFound = 213;
    /// <summary>The phone number belongs to another account.</summary>
    public const int PhoneNumberTaken = 214;
    /// <summary>The authData provider is unknown or disabled.</summary>
    public const int UnsupportedService = 252;
    /// <summary>Codes are requested too often, or a send limit was reached.</summary>
    public const int SmsTooFrequent = 601;
    /// <summary>The SMS provider failed to send.</summary>
    public const int SmsSendFailed = 602;
    /// <summary>The code (or the phone-change ticket) is wrong, expired, used or dead, or code checks are locked.</summary>
    public const int SmsCodeInvalid = 603;
    /// <summary>A challenge token (captcha) is required to request a code.</summary>
    public const int ChallengeRequired = 608;
}
