using System.Globalization;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.Server.Dialects.Kernel;
using Code = PhoneAuth.Server.Dialects.LeanCloud.LeanCloudErrorCode;

namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>
/// The one map from the core's <see cref="AuthError"/> to LeanCloud's wire: code, HTTP status and
/// the public message, in LeanCloud's English (its error-code reference) and in Chinese. LeanCloud
/// answers 400 for client errors, 401 and 403 for keys and permissions, 404 for code 101.
/// </summary>
public sealed class LeanCloudErrorMap : IWireErrorMap
{
    public sealed record Entry(int Code, string English, string Chinese)
    {
        public int Status => Code switch
        {
            LeanCloudErrorCode.ObjectNotFound => StatusCodes.Status404NotFound,
            LeanCloudErrorCode.Unauthorized => StatusCodes.Status401Unauthorized,
            LeanCloudErrorCode.Forbidden => StatusCodes.Status403Forbidden,
            LeanCloudErrorCode.TooManyRequests => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status400BadRequest,
        };
    }

    private static readonly Dictionary<AuthError, Entry> Map = new()
    {
        [AuthError.InvalidJson] = new(Code.InvalidJson, "Malformed json object. A json dictionary is expected.", "请求体不是 JSON 对象。"),
        [AuthError.ValidationFailed] = new(Code.ValidationError, "Validation failed.", "校验失败。"),
        [AuthError.MissingParameter] = new(Code.InternalError, "{0} is required.", "缺少参数 {0}。"),
        [AuthError.InvalidParameterType] = new(Code.InternalError, "Invalid type for {0}. Expected: {1}", "{0} 的类型无效，应为 {1}。"),
        [AuthError.InvalidParameterOption] = new(Code.InternalError, "Invalid value for {0}. Expected: {1}", "{0} 的取值无效，应为 {1}。"),
        [AuthError.InvalidParameterValue] = new(Code.InternalError, "Invalid value for {0}.", "{0} 的值无效。"),
        [AuthError.InvalidContext] = new(Code.InvalidJson, "Invalid object for context.", "context 必须是对象。"),
        [AuthError.InvalidPhoneNumber] = new(Code.InvalidPhoneNumber, "The mobile phone number was invalid.", "手机号码无效。"),
        [AuthError.CodeInvalidOrExpired] = new(Code.SmsCodeInvalid, "Invalid SMS code.", "验证码无效或已过期。"),
        [AuthError.SendTooFrequent] = new(Code.SmsTooFrequent, "Can't send SMS too frequently. Try again in {0} seconds.", "验证码发送过于频繁，请 {0} 秒后再试。"),
        [AuthError.SendLimitReached] = new(Code.SmsTooFrequent, "Can't send SMS too frequently. Try again in {0} seconds.", "验证码发送次数已达上限，请 {0} 秒后再试。"),
        [AuthError.ChallengeFailed] = new(Code.ValidateTokenMissing, "Missing validate token.", "请先完成图形验证（validate_token）。"),
        [AuthError.SmsProviderFailed] = new(Code.SmsSendFailed, "Fails to send message.", "短信发送失败，请稍后再试。"),
        [AuthError.PhoneNumberTaken] = new(Code.PhoneNumberTaken, "Mobile phone number has already been taken.", "该手机号码已被使用。"),
        [AuthError.PhoneNumberNotFound] = new(Code.PhoneNumberNotFound, "A user with the specified mobile phone number was not found.", "该手机号码尚未注册。"),
        [AuthError.PhoneNotVerified] = new(Code.PhoneNumberNotVerified, "Mobile phone number isn't verified.", "手机号码尚未验证。"),
        [AuthError.PhoneVerificationLocked] = new(Code.SmsCodeInvalid, "Too many wrong SMS codes. Try again in {0} seconds.", "验证码错误次数过多，请 {0} 秒后再试。"),
        [AuthError.NoPhoneBound] = new(Code.PhoneNumberMissing, "The mobile phone number is missing, and must be specified.", "该账户没有手机号码。"),
        [AuthError.NotCurrentPhone] = new(Code.InvalidPhoneNumber, "The mobile phone number is not this user's.", "该手机号码不是当前用户的手机号码。"),
        [AuthError.PhoneAlreadyBound] = new(Code.OperationForbidden, "This user already has a mobile phone number.", "该用户已有手机号码。"),
        [AuthError.PhoneIsOnlyLogin] = new(Code.OperationForbidden, "The mobile phone number is this user's only way to log in.", "手机号码是该用户唯一的登录方式。"),
        [AuthError.TicketInvalid] = new(Code.SmsCodeInvalid, "Invalid SMS code.", "验证码无效或已过期。"),
        [AuthError.RecentLoginRequired] = new(Code.OperationForbidden, "Changing this user's mobile phone number needs a login within the last {0} minutes: log in again, then change it.", "更换手机号需要在 {0} 分钟内重新登录，请重新登录后再更换。"),
        [AuthError.RegistrationClosed] = new(Code.OperationForbidden, "That operation isn't allowed for clients.", "暂不开放注册。"),
        [AuthError.UsernameTaken] = new(Code.UsernameTaken, "Username has already been taken.", "该用户名已被使用。"),
        [AuthError.EmailTaken] = new(Code.EmailTaken, "Email has already been taken.", "该邮箱已被使用。"),
        [AuthError.UsernameMissing] = new(Code.UsernameMissing, "Username is missing or empty.", "用户名缺失或为空。"),
        [AuthError.UsernameReserved] = new(Code.InvalidUsername, "Invalid username: a username that is a phone number is reserved for sign-in by phone.", "用户名无效：手机号码形式的用户名只能通过手机号登录获得。"),
        [AuthError.LoginIdentifierMissing] = new(Code.UsernameMissing, "A username, an email or a mobilePhoneNumber is required.", "需要用户名、邮箱或手机号码。"),
        [AuthError.PasswordMissing] = new(Code.PasswordMissing, "Password is missing or empty.", "密码缺失或为空。"),
        [AuthError.InvalidEmail] = new(Code.InvalidEmailAddress, "The email address was invalid.", "邮箱格式无效。"),
        [AuthError.InvalidCredentials] = new(Code.UsernamePasswordMismatch, "The username and password mismatch.", "用户名和密码不匹配。"),
        [AuthError.AccountLocked] = new(Code.LoginLocked, "Too many failed logins. Try again in {0} minute(s), or reset the password.", "登录失败次数超过限制，请 {0} 分钟后再试，或者通过忘记密码重设密码。"),
        [AuthError.InvalidFieldName] = new(Code.InvalidKeyName, "Invalid key name: {0}.", "字段名无效：{0}。"),
        [AuthError.IncorrectType] = new(Code.IncorrectType, "{0}", "{0}"),
        [AuthError.ObjectTooLarge] = new(Code.ObjectTooLarge, "The object is too large: {0}.", "对象过大：{0}。"),
        [AuthError.FieldNotWritable] = new(Code.OperationForbidden, "Clients aren't allowed to set {0}.", "客户端不能修改 {0}。"),
        [AuthError.UnsupportedAuthProvider] = new(Code.UnsupportedService, "Unsupported authData platform.", "不支持该第三方平台。"),
        [AuthError.AuthDataTaken] = new(Code.AccountAlreadyLinked, "This authData is already linked to another user.", "该第三方账号已绑定其他用户。"),
        [AuthError.InvalidAuthData] = new(Code.InvalidLinkedSession, "Invalid authData for {0}.", "第三方认证数据无效：{0}。"),
        [AuthError.MissingValue] = new(Code.InternalError, "{0} must not be empty.", "{0} 不能为空。"),
        [AuthError.UserNotFound] = new(Code.UserNotFound, "Could not find user.", "找不到用户。"),
        [AuthError.SessionInvalid] = new(Code.UserNotFound, "Could not find user.", "找不到用户，会话无效。"),
        [AuthError.SessionExpired] = new(Code.UserNotFound, "Could not find user.", "找不到用户，会话已过期。"),
        [AuthError.LoginRequired] = new(Code.SessionMissing, "The user cannot be altered by a client without the session.", "需要登录后操作（X-LC-Session）。"),
        [AuthError.MasterKeyRequired] = new(Code.Forbidden, "Forbidden: the master key is required.", "需要 Master Key。"),
        [AuthError.PermissionDenied] = new(Code.Forbidden, "Forbidden.", "没有权限。"),
        [AuthError.SessionMissing] = new(Code.SessionMissing, "The user cannot be altered by a client without the session.", "只有用户本人或 Master Key 可以修改该用户。"),
        [AuthError.DeleteNotAllowed] = new(Code.SessionMissing, "The user cannot be deleted by a client without the session.", "只有用户本人或 Master Key 可以删除该用户。"),
        [AuthError.FunctionNotFound] = new(Code.InternalError, "Cloud function not found: {0}", "云函数不存在：{0}"),
        [AuthError.ScriptFailed] = new(Code.ScriptFailed, "Cloud function failed.", "云函数执行失败。"),
        [AuthError.ScriptTimedOut] = new(Code.Timeout, "The {0} hook of {1} timed out.", "{1} 的 {0} Hook 执行超时。"),
        [AuthError.TriggerDepthExceeded] = new(Code.ScriptFailed, "Hooks may nest at most {0} deep: a hook's write would run another.", "Hook 最多嵌套 {0} 层：Hook 中的写入会再次触发 Hook。"),
        [AuthError.ObjectNotFound] = new(Code.ObjectNotFound, "Object not found.", "对象不存在。"),
        [AuthError.InvalidClassName] = new(Code.InvalidClassName, "Invalid class name: {0}.", "类名无效：{0}。"),
        [AuthError.ClassCreationForbidden] = new(Code.Forbidden, "Forbidden to create new class {0} by class permissions.", "应用设置不允许客户端创建新的 Class：{0}。"),
        [AuthError.SchemaMismatch] = new(Code.IncorrectType, "Invalid value type for field '{1}', expect type is {2}, but it is {3}.", "字段 {1} 的类型应为 {2}，实为 {3}。"),
        [AuthError.ActionForbidden] = new(Code.Forbidden, "Forbidden to {0} by class permissions.", "Class 权限不允许 {0}。"),
        [AuthError.ProtectedFieldQueried] = new(Code.Forbidden, "Forbidden to query {0} of {1} by class permissions.", "Class 权限不允许按 {0} 查询 {1}。"),
        [AuthError.AuthenticationRequired] = new(Code.Forbidden, "Forbidden by class permissions: a logged-in user is required.", "Class 权限要求登录用户。"),
        [AuthError.DuplicateValue] = new(Code.DuplicateValue, "A unique field was given a value that is already taken.", "唯一字段的值重复。"),
        [AuthError.InvalidAcl] = new(Code.InvalidAcl, "Invalid ACL.", "ACL 无效。"),
        [AuthError.InvalidPointer] = new(Code.InvalidPointer, "Invalid pointer: {0}.", "指针无效：{0}。"),
        [AuthError.ClassNotFound] = new(Code.InvalidClassName, "Class {0} does not exist.", "类 {0} 不存在。"),
        [AuthError.ClassExists] = new(Code.InvalidClassName, "Class {0} already exists.", "Class {0} 已存在。"),
        [AuthError.ClassNotEmpty] = new(Code.OperationForbidden, "Class {0} is not empty, contains {1} objects.", "Class {0} 不为空（有 {1} 个对象）。"),
        [AuthError.InvalidSchemaChange] = new(Code.OperationForbidden, "{0}", "{0}"),
        [AuthError.InvalidBatch] = new(Code.InvalidJson, "{0}", "{0}"),
        [AuthError.InvalidQuery] = new(Code.InvalidQuery, "Invalid query: {0}.", "查询无效：{0}。"),
        [AuthError.InvalidKeyName] = new(Code.InvalidKeyName, "Invalid key name: {0}.", "字段名无效：{0}。"),
        [AuthError.UnsupportedOperation] = new(Code.CommandUnavailable, "The {0} operator is not supported.", "暂不支持 {0} 操作。"),
        [AuthError.RequiredFieldMissing] = new(Code.ValidationError, "{0} is required.", "{0} 为必填字段。"),
        [AuthError.AclRequired] = new(Code.IncorrectType, "ACL is required.", "需要 ACL。"),
        [AuthError.SchemaTargetMissing] = new(Code.IncorrectType, "Type {0} needs a class name.", "{0} 类型需要指定类名。"),
        [AuthError.MasterKeyOnly] = new(Code.Forbidden, "Forbidden: the master key is required.", "需要 master key。"),
        [AuthError.RateLimited] = new(Code.TooManyRequests, "Too many requests.", "请求过于频繁。"),
        [AuthError.DuplicateRequest] = new(Code.DuplicateValue, "Duplicate request.", "重复的请求。"),
        [AuthError.ConditionNotMet] = new(Code.NoEffect, "No effect on updating/deleting a document.", "对象不满足更新或删除的条件（where），未做修改。"),
        [AuthError.InvalidStatement] = new(Code.InvalidCql, "Invalid CQL: {0} at {1}.", "CQL 语句无效：{0}（位置 {1}）。"),
    };

    /// <summary>The entry of <paramref name="error"/>. Every member of AuthError has one (a test checks it).</summary>
    public static Entry For(AuthError error) => Map[error];

    /// <summary>The entry of an exception: a missing phone number is LeanCloud's 212.</summary>
    public static Entry For(PhoneAuthException exception) =>
        exception is { Error: AuthError.MissingParameter, Args: ["mobilePhoneNumber", ..] } ? For(AuthError.NoPhoneBound) with
        {
            English = "The mobile phone number is missing, and must be specified.",
            Chinese = "缺少手机号码（mobilePhoneNumber）。",
        }
        : For(exception.Error);

    /// <summary>The public message in <paramref name="locale"/>; the core's names of the phone fields become LeanCloud's.</summary>
    public static string Message(PhoneAuthException exception, string locale)
    {
        if (exception.PublicMessage is { } message) return message;
        var entry = For(exception);
        var template = locale == "zh" ? entry.Chinese : entry.English;
        var args = exception.Args.Select(a => a switch { "phone" => "mobilePhoneNumber", "phoneVerified" => "mobilePhoneVerified", _ => a }).ToArray();
        return string.Format(CultureInfo.InvariantCulture, template, args);
    }

    public WireError For(PhoneAuthException error, string locale)
    {
        var entry = For(error);
        return new WireError(entry.Status, entry.Code, Message(error, locale), error.RetryAfter);
    }

    /// <summary>An application's own code, as it chose it; 101 is a 404.</summary>
    public WireError For(CloudFunctionException error) => new(error.Code == Code.ObjectNotFound ? 404 : 400, error.Code, error.Message);

    /// <summary>LeanCloud's answers: bad keys are 401 with code 401; an outage a retryable 503; a fault of ours 500.</summary>
    public WireError For(WireFailure failure, string? detail = null) => failure switch
    {
        WireFailure.Unauthorized => new(StatusCodes.Status401Unauthorized, Code.Unauthorized, "Unauthorized."),
        WireFailure.BodyTooLarge => new(StatusCodes.Status413PayloadTooLarge, Code.InternalError, "The request body is too large."),
        WireFailure.MalformedRequest => new(StatusCodes.Status400BadRequest, Code.InvalidJson, detail ?? "Bad request."),
        WireFailure.Unavailable => new(StatusCodes.Status503ServiceUnavailable, Code.InternalError,
            "The service is temporarily unavailable. Try again shortly.", TimeSpan.FromSeconds(1)),
        _ => new(StatusCodes.Status500InternalServerError, Code.InternalError, "Internal server error."),
    };
}
