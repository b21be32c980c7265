using System.Globalization;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// The one map from the core's <see cref="AuthError"/> to Parse's wire: code, HTTP status and the
/// public message in English and Simplified Chinese. Parse Server answers 404 for code 101 and
/// 400 for every other client error; rate limits are 429 with code 100.
/// </summary>
public sealed class ParseErrorMap : IWireErrorMap
{
    public sealed record Entry(int Code, string English, string Chinese)
    {
        /// <summary>The status where Parse Server answers another than the code's (403 for the master key's routes).</summary>
        public int? HttpStatus { get; init; }

        public int Status => HttpStatus ?? Code switch
        {
            ParseErrorCode.ObjectNotFound => StatusCodes.Status404NotFound,
            ParseErrorCode.ConnectionFailed => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status400BadRequest,
        };
    }

    private static readonly Dictionary<AuthError, Entry> Map = new()
    {
        [AuthError.InvalidJson] = new(ParseErrorCode.InvalidJson, "The request body is not a JSON object.", "请求体不是 JSON 对象。"),
        [AuthError.ValidationFailed] = new(ParseErrorCode.ValidationError, "Validation failed.", "校验失败。"),
        [AuthError.MissingParameter] = new(ParseErrorCode.ValidationError, "Validation failed. Please specify data for {0}.", "校验失败：请提供 {0}。"),
        [AuthError.InvalidParameterType] = new(ParseErrorCode.ValidationError, "Validation failed. Invalid type for {0}. Expected: {1}", "校验失败：{0} 的类型无效，应为 {1}。"),
        [AuthError.InvalidParameterOption] = new(ParseErrorCode.ValidationError, "Validation failed. Invalid option for {0}. Expected: {1}", "校验失败：{0} 的取值无效，应为 {1} 之一。"),
        [AuthError.InvalidParameterValue] = new(ParseErrorCode.ValidationError, "Validation failed. Invalid value for {0}.", "校验失败：{0} 的值无效。"),
        [AuthError.InvalidContext] = new(ParseErrorCode.InvalidJson, "Invalid object for context.", "context 必须是对象。"),
        [AuthError.InvalidPhoneNumber] = new(ParseErrorCode.InvalidPhoneNumber, "Invalid phone number.", "手机号码无效。"),
        [AuthError.CodeInvalidOrExpired] = new(ParseErrorCode.SmsCodeInvalid, "Invalid or expired verification code.", "验证码无效或已过期。"),
        [AuthError.SendTooFrequent] = new(ParseErrorCode.SmsTooFrequent, "Codes are requested too often. Try again in {0} seconds.", "验证码发送过于频繁，请 {0} 秒后再试。"),
        [AuthError.SendLimitReached] = new(ParseErrorCode.SmsTooFrequent, "Too many codes have been sent. Try again in {0} seconds.", "验证码发送次数已达上限，请 {0} 秒后再试。"),
        [AuthError.ChallengeFailed] = new(ParseErrorCode.ChallengeRequired, "A valid challenge token (challengeToken) is required to request a code.", "请先完成人机验证（challengeToken）再获取验证码。"),
        [AuthError.SmsProviderFailed] = new(ParseErrorCode.SmsSendFailed, "The SMS could not be sent. Try again later.", "短信发送失败，请稍后再试。"),
        [AuthError.PhoneNumberTaken] = new(ParseErrorCode.PhoneNumberTaken, "This phone number is already in use.", "该手机号码已被使用。"),
        [AuthError.PhoneNumberNotFound] = new(ParseErrorCode.PhoneNumberNotFound, "No user has this phone number.", "该手机号码尚未注册。"),
        [AuthError.PhoneNotVerified] = new(ParseErrorCode.PhoneNumberNotVerified, "This account's phone number is not verified. Log in another way and verify it first.", "该账户的手机号码尚未验证，请用其他方式登录并先验证手机号码。"),
        [AuthError.PhoneVerificationLocked] = new(ParseErrorCode.SmsCodeInvalid, "Too many wrong codes. Code login for this number is locked; try again in {0} seconds.", "验证码错误次数过多，该号码的验证码登录已锁定，请 {0} 秒后再试。"),
        [AuthError.NoPhoneBound] = new(ParseErrorCode.PhoneNumberMissing, "This account has no phone number.", "该账户未绑定手机号码。"),
        [AuthError.NotCurrentPhone] = new(ParseErrorCode.ValidationError, "This code goes to the account's current phone number; leave phoneNumber out or give that number.", "该验证码只能发送到账户当前绑定的手机号码。"),
        [AuthError.PhoneAlreadyBound] = new(ParseErrorCode.OperationForbidden, "This account already has a phone number. Change it with verifyMyPhone and changeMobilePhone.", "该账户已绑定手机号码，请通过 verifyMyPhone 和 changeMobilePhone 更换。"),
        [AuthError.PhoneIsOnlyLogin] = new(ParseErrorCode.OperationForbidden, "The phone number is this account's only way to log in. Set a password or link another login first.", "手机号码是该账户唯一的登录方式，请先设置密码或绑定其他登录方式。"),
        [AuthError.TicketInvalid] = new(ParseErrorCode.SmsCodeInvalid, "Invalid or expired ticket. Verify your current phone again.", "凭证无效或已过期，请重新验证当前手机号码。"),
        [AuthError.RecentLoginRequired] = new(ParseErrorCode.OperationForbidden, "Changing this account's phone number needs proof of the current number (a verifyMyPhone ticket) or a login within the last {0} minutes.", "更换该账户的手机号需要先验证当前号码（verifyMyPhone 凭证），或在 {0} 分钟内重新登录。"),
        [AuthError.RegistrationClosed] = new(ParseErrorCode.OperationForbidden, "Registration is closed.", "暂不开放注册。"),
        [AuthError.UsernameTaken] = new(ParseErrorCode.UsernameTaken, "Account already exists for this username.", "该用户名已被使用。"),
        [AuthError.EmailTaken] = new(ParseErrorCode.EmailTaken, "Account already exists for this email address.", "该邮箱已被使用。"),
        [AuthError.UsernameMissing] = new(ParseErrorCode.UsernameMissing, "bad or missing username", "用户名缺失或无效"),
        [AuthError.UsernameReserved] = new(ParseErrorCode.UsernameMissing, "A username that is a phone number is reserved for sign-in by phone.", "手机号码形式的用户名只能通过手机号登录获得。"),
        [AuthError.LoginIdentifierMissing] = new(ParseErrorCode.UsernameMissing, "username/email is required.", "需要用户名或邮箱。"),
        [AuthError.PasswordMissing] = new(ParseErrorCode.PasswordMissing, "password is required.", "需要密码。"),
        [AuthError.InvalidEmail] = new(ParseErrorCode.InvalidEmailAddress, "Email address format is invalid.", "邮箱格式无效。"),
        [AuthError.InvalidCredentials] = new(ParseErrorCode.ObjectNotFound, "Invalid username/password.", "用户名或密码错误。"),
        [AuthError.AccountLocked] = new(ParseErrorCode.ObjectNotFound, "Your account is locked due to multiple failed login attempts. Please try again after {0} minute(s)", "登录失败次数过多，账户已锁定，请在 {0} 分钟后再试。"),
        [AuthError.InvalidFieldName] = new(ParseErrorCode.InvalidKeyName, "Invalid field name: {0}.", "字段名无效：{0}。"),
        [AuthError.IncorrectType] = new(ParseErrorCode.IncorrectType, "{0}", "{0}"),
        [AuthError.ObjectTooLarge] = new(ParseErrorCode.ObjectTooLarge, "The object is too large: {0}.", "对象过大：{0}。"),
        [AuthError.FieldNotWritable] = new(ParseErrorCode.OperationForbidden, "Clients aren't allowed to set {0}.", "客户端不能修改 {0}。"),
        [AuthError.UnsupportedAuthProvider] = new(ParseErrorCode.UnsupportedService, "This authentication method is unsupported.", "不支持该认证方式。"),
        [AuthError.AuthDataTaken] = new(ParseErrorCode.AccountAlreadyLinked, "this auth is already used", "该第三方账号已绑定其他用户"),
        [AuthError.InvalidAuthData] = new(ParseErrorCode.InvalidValue, "Invalid authData id for provider '{0}'.", "认证数据无效：{0}。"),
        [AuthError.MissingValue] = new(ParseErrorCode.InvalidValue, "{0} must not be empty, null, or undefined", "{0} 不能为空"),
        [AuthError.UserNotFound] = new(ParseErrorCode.ObjectNotFound, "user not found", "用户不存在"),
        [AuthError.SessionMissing] = new(ParseErrorCode.SessionMissing, "Permission denied: only the user or the master key may modify this user.", "没有权限：只有用户本人或主密钥可以修改该用户。"),
        [AuthError.DeleteNotAllowed] = new(ParseErrorCode.SessionMissing, "Insufficient auth to delete user", "没有权限删除该用户"),
        [AuthError.InvalidQuery] = new(ParseErrorCode.InvalidQuery, "Invalid query: {0}.", "查询无效：{0}。"),
        [AuthError.InvalidKeyName] = new(ParseErrorCode.InvalidKeyName, "Invalid key name: {0}", "字段名无效：{0}"),
        [AuthError.UnsupportedOperation] = new(ParseErrorCode.CommandUnavailable, "The {0} operator is not supported yet.", "暂不支持 {0} 操作。"),
        [AuthError.RequiredFieldMissing] = new(ParseErrorCode.ValidationError, "{0} is required", "{0} 为必填字段"),
        [AuthError.AclRequired] = new(ParseErrorCode.IncorrectType, "ACL is required.", "需要 ACL。"),
        [AuthError.SchemaTargetMissing] = new(ParseErrorCode.MissingRequiredField, "type {0} needs a class name", "{0} 类型需要指定类名"),
        [AuthError.MasterKeyOnly] = new(ParseErrorCode.OperationForbidden, "Permission denied", "没有权限") { HttpStatus = StatusCodes.Status403Forbidden },
        [AuthError.DuplicateRequest] = new(ParseErrorCode.DuplicateRequest, "Duplicate request", "重复的请求"),
        // Only the LeanCloud dialect makes these two; a cloud function could raise them in Parse's words.
        [AuthError.ConditionNotMet] = new(ParseErrorCode.ObjectNotFound, "Object not found.", "对象不存在。"),
        [AuthError.InvalidStatement] = new(ParseErrorCode.InvalidQuery, "Invalid query: {0} at {1}.", "查询无效：{0}（位置 {1}）。"),
        [AuthError.SessionInvalid] = new(ParseErrorCode.InvalidSessionToken, "Invalid session token", "会话令牌无效"),
        [AuthError.SessionExpired] = new(ParseErrorCode.InvalidSessionToken, "Session token is expired.", "会话令牌已过期。"),
        [AuthError.LoginRequired] = new(ParseErrorCode.ValidationError, "Validation failed. Please login to continue.", "校验失败：请先登录。"),
        [AuthError.MasterKeyRequired] = new(ParseErrorCode.ValidationError, "Validation failed. Master key is required to complete this request.", "校验失败：需要主密钥。"),
        [AuthError.PermissionDenied] = new(ParseErrorCode.OperationForbidden, "Permission denied", "没有权限"),
        [AuthError.FunctionNotFound] = new(ParseErrorCode.ScriptFailed, "Invalid function: \"{0}\"", "云函数不存在：\"{0}\""),
        [AuthError.ScriptFailed] = new(ParseErrorCode.ScriptFailed, "Script failed.", "云函数执行失败。"),
        [AuthError.ScriptTimedOut] = new(ParseErrorCode.Timeout, "The {0} trigger of {1} timed out.", "{1} 的 {0} 触发器执行超时。"),
        [AuthError.TriggerDepthExceeded] = new(ParseErrorCode.ScriptFailed, "Triggers may nest at most {0} deep: a trigger's write would run another.", "触发器最多嵌套 {0} 层：触发器中的写入会再次触发触发器。"),
        [AuthError.ObjectNotFound] = new(ParseErrorCode.ObjectNotFound, "Object not found.", "对象不存在。"),
        [AuthError.InvalidClassName] = new(ParseErrorCode.InvalidClassName, "Invalid classname: {0}, classnames can only have alphanumeric characters and _, and must start with an alpha character ", "类名无效：{0}。类名只能包含字母、数字和下划线，且以字母开头。"),
        [AuthError.ClassCreationForbidden] = new(ParseErrorCode.OperationForbidden, "Permission denied", "没有权限"),
        [AuthError.SchemaMismatch] = new(ParseErrorCode.IncorrectType, "schema mismatch for {0}.{1}; expected {2} but got {3}", "字段类型不符：{0}.{1} 应为 {2}，实为 {3}"),
        [AuthError.ActionForbidden] = new(ParseErrorCode.OperationForbidden, "Permission denied", "没有权限"),
        [AuthError.ProtectedFieldQueried] = new(ParseErrorCode.OperationForbidden, "Permission denied", "没有权限"),
        [AuthError.AuthenticationRequired] = new(ParseErrorCode.ObjectNotFound, "Permission denied", "没有权限：需要登录"),
        [AuthError.DuplicateValue] = new(ParseErrorCode.DuplicateValue, "A duplicate value for a field with unique values was provided", "唯一字段的值重复"),
        [AuthError.InvalidAcl] = new(ParseErrorCode.InvalidAcl, "Invalid ACL.", "ACL 无效。"),
        [AuthError.InvalidPointer] = new(ParseErrorCode.InvalidPointer, "Invalid pointer: {0}.", "指针无效：{0}。"),
        [AuthError.ClassNotFound] = new(ParseErrorCode.InvalidClassName, "Class {0} does not exist.", "类 {0} 不存在。"),
        [AuthError.ClassExists] = new(ParseErrorCode.InvalidClassName, "Class {0} already exists.", "类 {0} 已存在。"),
        [AuthError.ClassNotEmpty] = new(ParseErrorCode.InvalidSchemaOperation, "Class {0} is not empty, contains {1} objects, cannot drop schema.", "类 {0} 不为空（有 {1} 个对象），不能删除。"),
        [AuthError.InvalidSchemaChange] = new(ParseErrorCode.InvalidSchemaOperation, "{0}", "{0}"),
        [AuthError.InvalidBatch] = new(ParseErrorCode.InvalidJson, "{0}", "{0}"),
        [AuthError.RateLimited] = new(ParseErrorCode.ConnectionFailed, "Too many requests.", "请求过于频繁。"),
    };

    /// <summary>The entry of <paramref name="error"/>. Every member of AuthError has one (a test checks it).</summary>
    public static Entry For(AuthError error) => Map[error];

    /// <summary>The public message of <paramref name="exception"/> in <paramref name="locale"/>.</summary>
    public static string Message(PhoneAuthException exception, string locale)
    {
        if (exception.PublicMessage is { } message) return message;
        var entry = For(exception.Error);
        var template = locale == "zh" ? entry.Chinese : entry.English;
        return string.Format(CultureInfo.InvariantCulture, template, [.. exception.Args]);
    }

    public WireError For(PhoneAuthException error, string locale)
    {
        var entry = For(error.Error);
        return new WireError(entry.Status, entry.Code, Message(error, locale), error.RetryAfter);
    }

    /// <summary>An application's own code: 101 is a 404 and 1 a 500, as in Parse Server; any other a 400.</summary>
    public WireError For(CloudFunctionException error) =>
        new(error.Code switch { ParseErrorCode.ObjectNotFound => 404, ParseErrorCode.InternalServerError => 500, _ => 400 }, error.Code, error.Message);

    /// <summary>
    /// Parse Server's answers: a bad application id is a bare 403 {"error":"unauthorized"}; an outage a
    /// retryable 503 (the SDK retries 5xx, and nothing was accepted); a fault of ours 500 without detail.
    /// </summary>
    public WireError For(WireFailure failure, string? detail = null) => failure switch
    {
        WireFailure.Unauthorized => new(StatusCodes.Status403Forbidden, null, "unauthorized"),
        WireFailure.BodyTooLarge => new(StatusCodes.Status413PayloadTooLarge, ParseErrorCode.ObjectTooLarge, "The request body is too large."),
        WireFailure.MalformedRequest => new(StatusCodes.Status400BadRequest, ParseErrorCode.InvalidJson, detail ?? "Bad request."),
        WireFailure.Unavailable => new(StatusCodes.Status503ServiceUnavailable, ParseErrorCode.InternalServerError,
            "The service is temporarily unavailable. Try again shortly.", TimeSpan.FromSeconds(1)),
        _ => new(StatusCodes.Status500InternalServerError, ParseErrorCode.InternalServerError, "Internal server error."),
    };
}
