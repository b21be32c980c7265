using System.Globalization;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// The text of a code message (or a notice) per purpose and locale, for providers that send free text
/// (dev, Twilio). Template-based providers (Aliyun, Tencent) render their own approved templates.
/// </summary>
public static class SmsTexts
{
    public static string Render(string purpose, string locale, string code, TimeSpan lifetime)
    {
        if (purpose == SmsNotices.PhoneChanged)
        {
            return locale == "zh"
                ? $"您的账户绑定的手机号已更换为尾号 {code} 的号码。如非本人操作，请立即联系我们。"
                : $"The phone number of your account was changed to a number ending in {code}. If you did not do this, contact us at once.";
        }
        var minutes = Math.Max(1, (int)Math.Ceiling(lifetime.TotalMinutes)).ToString(CultureInfo.InvariantCulture);
        return locale == "zh"
            ? $"您的{ZhAction(purpose)}验证码是 {code}，{minutes} 分钟内有效。请勿告诉他人。"
            : $"Your {EnAction(purpose)} code is {code}. It expires in {minutes} minutes. Do not share it.";
    }

    private static string ZhAction(string purpose) => purpose switch
    {
        CodePurpose.Register => "注册",
        CodePurpose.Bind => "绑定手机",
        CodePurpose.Unbind => "解绑手机",
        CodePurpose.Verify => "身份验证",
        CodePurpose.Change => "更换手机号",
        CodePurpose.ResetPassword => "重置密码",
        _ => "登录",
    };

    private static string EnAction(string purpose) => purpose switch
    {
        CodePurpose.Register => "sign-up",
        CodePurpose.Bind => "phone binding",
        CodePurpose.Unbind => "phone unbinding",
        CodePurpose.Verify => "verification",
        CodePurpose.Change => "number change",
        CodePurpose.ResetPassword => "password reset",
        _ => "login",
    };
}
