using System.Globalization;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// The text of a code message per purpose and locale, for providers that send free text
/// (dev, Twilio). Template-based providers (Aliyun, Tencent) render their own approved templates.
/// </summary>
public static class SmsTexts
{
    public static string Render(string purpose, string locale, string code, TimeSpan lifetime)
    {
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
