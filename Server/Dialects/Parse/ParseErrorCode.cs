namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>The Parse error codes this server answers with (Parse JS SDK's ParseError, plus LeanCloud's SMS codes).</summary>
public static class ParseErrorCode
{
    public const int InternalServerError = 1;
    public const int ConnectionFailed = 100;
    public const int ObjectNotFound = 101;
    public const int InvalidQuery = 102;
    public const int InvalidClassName = 103;
    public const int InvalidKeyName = 105;
    public const int InvalidPointer = 106;
    public const int InvalidJson = 107;
    public const int CommandUnavailable = 108;
    public const int IncorrectType = 111;
    public const int ObjectTooLarge = 116;
    public const int OperationForbidden = 119;
    public const int InvalidAcl = 123;
    /// <summary>The SDK's TIMEOUT: the request timed out on the server (a trigger past its time).</summary>
    public const int Timeout = 124;
    public const int InvalidEmailAddress = 125;
    /// <summary>LeanCloud's "invalid phone number"; Parse's MISSING_CONTENT_LENGTH, which no client relies on.</summary>
    public const int InvalidPhoneNumber = 127;
    public const int DuplicateValue = 137;
    public const int InvalidRoleName = 139;
    public const int MissingRequiredField = 135;
    public const int ScriptFailed = 141;
    public const int ValidationError = 142;
    public const int DuplicateRequest = 159;
    public const int InvalidValue = 162;
    public const int UsernameMissing = 200;
    public const int PasswordMissing = 201;
    public const int UsernameTaken = 202;
    public const int EmailTaken = 203;
    public const int SessionMissing = 206;
    public const int AccountAlreadyLinked = 208;
    public const int InvalidSessionToken = 209;
    public const int PhoneNumberMissing = 212;
    public const int PhoneNumberNotFound = 213;
    public const int PhoneNumberTaken = 214;
    public const int PhoneNumberNotVerified = 215;
    public const int UnsupportedService = 252;
    public const int InvalidSchemaOperation = 255;
    public const int SmsTooFrequent = 601;
    public const int SmsSendFailed = 602;
    public const int SmsCodeInvalid = 603;
    /// <summary>LeanCloud's "missing validate token" (captcha required).</summary>
    public const int ChallengeRequired = 608;
}
