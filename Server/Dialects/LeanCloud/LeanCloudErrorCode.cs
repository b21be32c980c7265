namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>LeanCloud's error codes, as its error-code reference lists them.</summary>
public static class LeanCloudErrorCode
{
    public const int InternalError = 1;
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
    public const int Timeout = 124;
    public const int InvalidEmailAddress = 125;
    public const int InvalidPhoneNumber = 127;
    public const int DuplicateValue = 137;
    public const int InvalidRoleName = 139;
    public const int ScriptFailed = 141;
    public const int ValidationError = 142;
    public const int UsernameMissing = 200;
    public const int PasswordMissing = 201;
    public const int UsernameTaken = 202;
    public const int EmailTaken = 203;
    public const int SessionMissing = 206;
    public const int AccountAlreadyLinked = 208;
    public const int UsernamePasswordMismatch = 210;
    public const int UserNotFound = 211;
    public const int PhoneNumberMissing = 212;
    public const int PhoneNumberNotFound = 213;
    public const int PhoneNumberTaken = 214;
    public const int PhoneNumberNotVerified = 215;
    /// <summary>"Invalid username": blank, or here also a phone number chosen by a client.</summary>
    public const int InvalidUsername = 217;
    public const int LoginLocked = 219;
    public const int InvalidLinkedSession = 251;
    public const int UnsupportedService = 252;
    public const int Unauthorized = 401;
    public const int Forbidden = 403;
    public const int TooManyRequests = 429;
    public const int SmsTooFrequent = 601;
    public const int SmsSendFailed = 602;
    public const int SmsCodeInvalid = 603;
    public const int ValidateTokenMissing = 608;
    /// <summary>"No effect on updating/deleting a document": a conditional write's object does not meet its where.</summary>
    public const int NoEffect = 305;
    /// <summary>CQL that cannot be read (LeanCloud answers its syntax errors with 102 as well).</summary>
    public const int InvalidCql = InvalidQuery;
}
