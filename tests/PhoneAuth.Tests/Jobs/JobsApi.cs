using System.Net;
using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Jobs;

/// <summary>Starting jobs and watching their _JobStatus over the wire, with the master key.</summary>
public static class JobsApi
{
    /// <summary>POST /jobs/{name}: asserts Parse Server's answer ({} and the status id header) and returns the id.</summary>
    public static async Task<string> StartAsync(ParseClient client, string name, object? parameters = null)
    {
        var answer = await client.RestAsync(HttpMethod.Post, "jobs/" + name, parameters ?? new { }, master: true);
        Assert.True(answer.Status == HttpStatusCode.OK, $"jobs/{name} answered {(int)answer.Status}: {answer.Raw}");
        Assert.Equal("{}", answer.Raw);
        var id = answer.Headers.GetValues("X-Parse-Job-Status-Id").Single();
        Assert.Matches("^[A-Za-z0-9]{10}$", id);
        return id;
    }

    public static async Task<JObject> StatusAsync(ParseClient client, string id)
    {
        var answer = await client.RestAsync(HttpMethod.Get, "classes/_JobStatus/" + id, master: true);
        Assert.True(answer.Status == HttpStatusCode.OK, $"_JobStatus/{id} answered {(int)answer.Status}: {answer.Raw}");
        return (JObject)answer.Body;
    }

    /// <summary>
    /// Polls the status until it is no longer running (or <paramref name="timeout"/> passes), recording every
    /// distinct (status, message) seen on the way.
    /// </summary>
    public static async Task<(JObject Final, List<string> Seen)> WatchAsync(ParseClient client, string id, TimeSpan timeout)
    {
        var seen = new List<string>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await StatusAsync(client, id);
            var state = $"{status["status"]}: {status["message"]}";
            if (seen.Count == 0 || seen[^1] != state) seen.Add(state);
            if ((string?)status["status"] != "running" || DateTime.UtcNow > deadline) return (status, seen);
            await Task.Delay(50);
        }
    }

    /// <summary>The _JobStatus objects of one job, oldest first.</summary>
    public static async Task<JArray> RunsOfAsync(ParseClient client, string jobName)
    {
        var where = Uri.EscapeDataString(new JObject { ["jobName"] = jobName }.ToString(Newtonsoft.Json.Formatting.None));
        var answer = await client.RestAsync(HttpMethod.Get, $"classes/_JobStatus?where={where}&order=createdAt&limit=1000", master: true);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return (JArray)answer.Body["results"]!;
    }
}
