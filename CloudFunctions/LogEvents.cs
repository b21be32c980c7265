using Microsoft.Extensions.Logging;

namespace PhoneAuth.CloudFunctions;

/// <summary>Every log event id of the server, in one place.</summary>
public static class LogEvents
{
    public static readonly EventId CodeSent = new(1001, nameof(CodeSent));
    public static readonly EventId CodeSendFailed = new(1002, nameof(CodeSendFailed));
    public static readonly EventId CodeSendLimited = new(1003, nameof(CodeSendLimited));
    public static readonly EventId CodeVerifyFailed = new(1004, nameof(CodeVerifyFailed));
    public static readonly EventId PhoneLocked = new(1005, nameof(PhoneLocked));
    public static readonly EventId ChallengeFailed = new(1006, nameof(ChallengeFailed));
    public static readonly EventId NoticeNotSent = new(1007, nameof(NoticeNotSent));
    public static readonly EventId ConversionGuarded = new(1008, nameof(ConversionGuarded));
    public static readonly EventId ConversionGuardCleared = new(1009, nameof(ConversionGuardCleared));
    public static readonly EventId ConversionGuardCountFailed = new(1040, nameof(ConversionGuardCountFailed));
    public static readonly EventId UserCreated = new(1010, nameof(UserCreated));
    public static readonly EventId UserLoggedIn = new(1011, nameof(UserLoggedIn));
    public static readonly EventId UserDeleted = new(1012, nameof(UserDeleted));
    public static readonly EventId LoginFailed = new(1013, nameof(LoginFailed));
    public static readonly EventId AccountLocked = new(1014, nameof(AccountLocked));
    public static readonly EventId PasswordRehashed = new(1015, nameof(PasswordRehashed));
    public static readonly EventId PasswordHashRefused = new(1016, nameof(PasswordHashRefused));
    public static readonly EventId PasswordCheckTimed = new(1017, nameof(PasswordCheckTimed));
    public static readonly EventId SessionRevoked = new(1020, nameof(SessionRevoked));
    public static readonly EventId PhoneBound = new(1030, nameof(PhoneBound));
    public static readonly EventId PhoneUnbound = new(1031, nameof(PhoneUnbound));
    public static readonly EventId PhoneChanged = new(1032, nameof(PhoneChanged));
    public static readonly EventId PasswordReset = new(1033, nameof(PasswordReset));
    public static readonly EventId PhoneConfirmed = new(1034, nameof(PhoneConfirmed));
    public static readonly EventId UsersImported = new(1035, nameof(UsersImported));
    public static readonly EventId CloudFunctionFailed = new(1100, nameof(CloudFunctionFailed));
    public static readonly EventId RequestFailed = new(1200, nameof(RequestFailed));
    public static readonly EventId StorageUnavailable = new(1300, nameof(StorageUnavailable));
    public static readonly EventId SweepFailed = new(1301, nameof(SweepFailed));
    public static readonly EventId SchemaMigrated = new(1302, nameof(SchemaMigrated));
    public static readonly EventId SchemaChanged = new(1303, nameof(SchemaChanged));
    public static readonly EventId JobStarted = new(1310, nameof(JobStarted));
    public static readonly EventId JobFinished = new(1311, nameof(JobFinished));
    public static readonly EventId JobFailed = new(1312, nameof(JobFailed));
    public static readonly EventId DevSms = new(1400, nameof(DevSms));
    public static readonly EventId ConfigurationWarning = new(1500, nameof(ConfigurationWarning));
    public static readonly EventId PhoneLocksCleared = new(1018, nameof(PhoneLocksCleared));
    public static readonly EventId AccountUnlocked = new(1036, nameof(AccountUnlocked));
    public static readonly EventId ConsoleSignIn = new(1600, nameof(ConsoleSignIn));
    public static readonly EventId ConsoleSignInRefused = new(1601, nameof(ConsoleSignInRefused));
    public static readonly EventId ConsoleAction = new(1602, nameof(ConsoleAction));
}
