namespace PhoneAuth.Server.Operators;

/// <summary>
/// The console's words in English and Simplified Chinese, chosen like the APIs' messages (Accept-Language).
/// Keyed by the English text; a text without a translation shows in English.
/// </summary>
public sealed class ConsoleTexts(string locale)
{
    public bool IsChinese { get; } = locale == "zh";

    public string this[string english] => IsChinese && Chinese.TryGetValue(english, out var zh) ? zh : english;

    /// <summary>Whether <paramref name="english"/> is one of the console's own texts (so a link cannot make the page say anything else).</summary>
    public static bool Knows(string english) => Chinese.ContainsKey(english);

    private static readonly Dictionary<string, string> Chinese = new(StringComparer.Ordinal)
    {
        ["Users"] = "用户", ["Sends"] = "短信发送", ["Conversion"] = "转化", ["Sign out"] = "退出",
        ["Sign in to the console"] = "登录控制台", ["Master key"] = "Master Key", ["Sign in"] = "登录",
        ["That is not the master key."] = "Master Key 不正确。",
        ["The key is sent once, in this form's body; the console then holds a short-lived session cookie."] = "密钥只在本表单中提交一次，之后控制台使用短时效的会话 Cookie。",
        ["Phone (whole or last digits), username or id"] = "手机号（完整或末几位）、用户名或 ID", ["Find"] = "查找",
        ["No user found."] = "未找到用户。", ["Id"] = "ID", ["Username"] = "用户名", ["Phone"] = "手机号", ["Verified"] = "已验证",
        ["Created"] = "创建时间", ["User"] = "用户", ["Phone verified"] = "手机号已验证", ["yes"] = "是", ["no"] = "否",
        ["Mark verified"] = "标记为已验证", ["Email"] = "邮箱", ["Signed up with"] = "注册方式", ["Last login"] = "最近登录",
        ["Sessions"] = "会话", ["Made by"] = "创建方式", ["Installation"] = "安装 ID", ["Expires"] = "过期时间", ["Revoke"] = "吊销",
        ["Account lockout"] = "账号锁定", ["Failed logins"] = "登录失败次数", ["locked until"] = "锁定至", ["not locked"] = "未锁定",
        ["Clear lockout"] = "解除锁定", ["Code-check locks on this phone"] = "该手机号的验证码校验锁", ["None."] = "无。", ["until"] = "至",
        ["Clear phone locks"] = "解除手机号锁", ["SMS sends"] = "短信发送记录", ["Provider"] = "通道", ["Any outcome"] = "全部结果",
        ["Filter"] = "筛选", ["Sends per hour (last 24 h, UTC)"] = "每小时发送量（最近 24 小时，UTC）", ["attempts"] = "次尝试",
        ["Providers"] = "通道统计", ["Attempts"] = "尝试次数", ["Success"] = "成功率", ["Average latency"] = "平均延迟",
        ["Send log"] = "发送日志", ["Time"] = "时间", ["Purpose"] = "用途", ["Outcome"] = "结果", ["Latency"] = "延迟",
        ["Failover"] = "故障转移", ["failed over"] = "已转移", ["sent"] = "已发送", ["failed"] = "失败", ["verified"] = "已验证",
        ["Conversion and abuse"] = "转化与滥用",
        ["Codes sent in the last 24 hours (from the send log, one per code) and, per prefix, codes verified of those sent in the guard's window. Conversion falling in one prefix is how SMS pumping shows itself."] =
            "最近 24 小时发送的验证码（来自发送日志，每个验证码计一次），以及每个号段在防护窗口内发送并被验证的数量。某个号段转化率下降，正是短信轰炸（SMS pumping）的迹象。",
        ["Codes sent per hour (UTC)"] = "每小时发送的验证码（UTC）", ["codes sent"] = "已发送验证码", ["Per country"] = "按国家/地区",
        ["Per number prefix: sent and verified in the window"] = "按号段：窗口内发送与验证", ["Prefixes"] = "号段",
        ["the conversion guard is off"] = "转化防护未开启", ["Prefix"] = "号段", ["Sent"] = "发送", ["Usual"] = "常态",
        ["Guarded"] = "已防护", ["Clear"] = "清除", ["Send budgets, last hour"] = "发送预算（最近一小时）", ["Per client IP"] = "每个客户端 IP",
        ["Session revoked."] = "会话已吊销。", ["Lockout cleared."] = "锁定已解除。", ["Phone locks cleared."] = "手机号锁已解除。",
        ["Phone marked verified."] = "手机号已标记为已验证。", ["Prefix cleared."] = "号段已清除。",
        ["Data"] = "数据", ["Class"] = "类", ["Fields"] = "字段", ["Schema"] = "结构", ["Class-level permissions"] = "类级权限",
        ["Query"] = "查询", ["Objects"] = "对象", ["Updated"] = "更新时间", ["public"] = "公开", ["Delete"] = "删除",
        ["Newer"] = "较新", ["Older"] = "较旧", ["Object deleted."] = "对象已删除。",
        ["Edit"] = "编辑", ["Codes sent and verified per guard window (UTC), from the conversion guard"] = "每个防护窗口发送与验证的验证码（UTC，来自转化防护）", ["Roles"] = "角色", ["Object saved."] = "对象已保存。", ["Save"] = "保存", ["As stored"] = "当前内容",
        ["Changes, as the body of a PUT (values, operators such as Increment, ACL)"] = "修改内容，与 PUT 请求体相同（字段值、Increment 等操作符、ACL）",
        ["Jobs"] = "任务", ["Defined jobs"] = "已定义的任务", ["No job is defined."] = "尚未定义任务。", ["Job"] = "任务", ["Schedule"] = "计划",
        ["Runs"] = "运行记录", ["Every job"] = "全部任务", ["No runs yet."] = "暂无运行记录。", ["Source"] = "来源", ["Status"] = "状态",
        ["Message"] = "消息", ["Started"] = "开始时间", ["Finished"] = "结束时间", ["running"] = "运行中", ["succeeded"] = "成功",
    };
}
