using System.Text;
using Microsoft.Extensions.Options;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.Server.Sms.Dev;

/// <summary>
/// Sends nothing. Logs each message (the phone masked) and appends it as one JSON line to the outbox
/// file, from which developers and end-to-end tests read the code. The code appears in the log only
/// in the Development environment, so a misconfigured production server does not leak codes.
/// </summary>
public sealed class DevSmsSender(
    IOptions<DevSmsOptions> options,
    SmsTextRenderer texts,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<DevSmsSender> logger) : ISmsSender
{
    private static readonly SemaphoreSlim FileGate = new(1, 1);

    /// <summary>The outbox is read by people too: Chinese texts stay readable.</summary>
    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Name => "dev";

    public async Task<SmsDelivery> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var id = "dev-" + ObjectIds.New();
        var text = texts.Render(message);
        if (environment.IsDevelopment())
            logger.LogInformation(LogEvents.DevSms, "DEV SMS to {Phone}: {Text}", PhoneMask.Mask(message.To), text);
        else
            logger.LogInformation(LogEvents.DevSms, "DEV SMS to {Phone} ({Purpose}); the code is only in the outbox", PhoneMask.Mask(message.To), message.Purpose);

        if (options.Value.OutboxPath is { Length: > 0 } path)
        {
            var line = new JsonObject
            {
                ["id"] = id,
                ["to"] = message.To,
                ["code"] = SmsNotices.IsNotice(message.Purpose) ? null : message.Code,
                ["purpose"] = message.Purpose,
                ["locale"] = message.Locale,
                ["text"] = text,
                ["at"] = time.GetUtcNow().ToString("O"),
            }.ToJsonString(Unescaped) + "\n";
            await AppendAsync(Path.GetFullPath(path, environment.ContentRootPath), line, cancellationToken);
        }
        return new SmsDelivery(id);
    }

    private static async Task AppendAsync(string path, string line, CancellationToken cancellationToken)
    {
        await FileGate.WaitAsync(cancellationToken);
        try
        {
            var folder = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            // One write of the whole line with O_APPEND, so lines from several processes do not interleave.
            await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
        }
        finally
        {
            FileGate.Release();
        }
    }
}
