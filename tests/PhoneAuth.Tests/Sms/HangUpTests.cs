using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Sms;

/// <summary>
/// A client that hangs up while the vendor is sending its SMS: the SMS is sent all the same, so the
/// code the user holds must work, and the send must be in the log and count against every budget.
/// </summary>
public sealed class HangUpTests
{
    [Fact]
    public async Task AClientThatHangsUpAfterTheVendorHasTheSmsStillGetsAWorkingCodeAndTheSendIsCounted()
    {
        await using var aliyun = (FakeAliyun)await Vendors.StartAsync("aliyun");
        aliyun.Forced = "0999"; // the vendor takes the request, then answers "OK" late
        aliyun.Hang = TimeSpan.FromSeconds(1.5);
        var settings = Vendors.Settings("aliyun", aliyun);
        settings["Sms:Provider"] = "aliyun";
        await using var host = await TestHost.StartAsync(settings);
        var phone = Phones.NewMainland();

        using var hangUp = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "functions/requestSmsCode")
        {
            Content = new StringContent(new JObject { ["phoneNumber"] = phone }.ToString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Parse-Application-Id", TestHost.AppId);
        var call = host.Http.SendAsync(request, hangUp.Token);
        // Hang up as soon as the vendor has the message, before it answers.
        var waited = TimeSpan.Zero;
        while (aliyun.To(phone).Count == 0 && waited < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
            waited += TimeSpan.FromMilliseconds(20);
        }
        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        var delivered = Assert.Single(aliyun.To(phone));

        // The server finishes the send on its own: once the vendor answers, the code is stored and the send logged.
        for (var i = 0; i < 100 && await host.Database.CountAsync("verification_codes") == 0; i++) await Task.Delay(50);
        var log = await host.Client.RestAsync(HttpMethod.Get, "classes/_SmsLog?where=" + Uri.EscapeDataString($$"""{"phone":"{{phone}}"}"""), master: true);
        var logged = Assert.Single((JArray)log.Body["results"]!);
        Assert.Equal("sent", (string?)logged["status"]);
        Assert.Equal("late", (string?)logged["messageId"]);

        // The budgets counted it: another code within the resend interval is refused.
        (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone })).AssertError(HttpStatusCode.BadRequest, 601);
        // And the code the user holds works.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = delivered.Code })).Status);
    }
}
