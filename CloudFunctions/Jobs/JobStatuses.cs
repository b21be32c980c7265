using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;
using F = PhoneAuth.CloudFunctions.Jobs.JobStatusNames;

namespace PhoneAuth.CloudFunctions.Jobs;

/// <summary>
/// The _JobStatus objects, kept with the application's objects (so the master key queries them as any
/// class), written with the master key and locked down with an empty ACL, as Parse Server does. A run is
/// claimed by one conditional write, checked on the locked row: of two processes handed the same run,
/// one wins, and a dead process's claim lapses after <see cref="JobsOptions.TakeoverAfter"/>.
/// </summary>
public sealed class JobStatuses(ObjectWriter writer, IObjectStore store, TimeProvider time)
{
    private static readonly RequestContext Server = new() { IsMaster = true };

    /// <summary>
    /// A new running run; <paramref name="caller"/> is the request that started it (none for a schedule). With
    /// <paramref name="id"/>, null when a run of that id exists: the database refused the second (a tick made twice).
    /// </summary>
    public async Task<string?> CreateAsync(string jobName, string source, JsonObject parameters, DateTimeOffset? scheduledAt, RequestContext? caller,
        CancellationToken cancellationToken, string? id = null)
    {
        var fields = new Dictionary<string, FieldOperation>
        {
            [F.JobName] = Set(jobName),
            [F.Source] = Set(source),
            [F.Status] = Set(F.Running),
            [F.Params] = new FieldOperation.Set(parameters.DeepClone()),
            [F.Attempts] = Set(0),
        };
        if (scheduledAt is { } at) fields[F.ScheduledAt] = new FieldOperation.Set(ParseValues.Date(at));
        if (caller?.Ip is { } ip) fields[F.Ip] = Set(ip);
        if (caller is not null) fields[F.Headers] = new FieldOperation.Set(JobOrigin.HeadersOf(caller.Headers));
        try
        {
            var result = await writer.RunAsync(new CreateCommand(F.ClassName, new ObjectChanges(fields, new JsonObject(), SetsAcl: true)) { Id = id }, Server, cancellationToken);
            return result.Object!.Id;
        }
        catch (PhoneAuthException ex) when (id is not null && ex.Error == AuthError.DuplicateValue)
        {
            return null;
        }
    }

    public Task<StoredObject?> FindAsync(string jobId, CancellationToken cancellationToken) =>
        store.FindByIdAsync(F.ClassName, jobId, cancellationToken);

    /// <summary>
    /// Claims a running run for <paramref name="owner"/> until now + <paramref name="lease"/>, unless another
    /// holds a live claim or the run has finished; counts the attempt. False when the claim is not ours.
    /// </summary>
    public async Task<bool> TryClaimAsync(string jobId, string owner, int attempt, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var free = new AllOf([
            new Comparison(FieldPath.Of(F.Status), Comparator.Equal, F.Running),
            new AnyOf([
                new Exists(FieldPath.Of(F.ClaimedUntil), false),
                new Comparison(FieldPath.Of(F.ClaimedUntil), Comparator.Less, ParseValues.Date(now)),
            ]),
        ]);
        var fields = new Dictionary<string, FieldOperation>
        {
            [F.ClaimedBy] = Set(owner),
            [F.ClaimedUntil] = new FieldOperation.Set(ParseValues.Date(now + lease)),
            [F.Attempts] = Set(attempt),
        };
        try
        {
            var result = await writer.RunAsync(new UpdateCommand(F.ClassName, jobId, new ObjectChanges(fields), free), Server, cancellationToken);
            if (result.Object?.Fields[F.StartedAt] is null) await UpdateAsync(jobId, new() { [F.StartedAt] = new FieldOperation.Set(ParseValues.Date(now)) }, null, cancellationToken);
            return true;
        }
        catch (PhoneAuthException ex) when (ex.Error is AuthError.ConditionNotMet or AuthError.ObjectNotFound)
        {
            return false;
        }
    }

    /// <summary>Extends <paramref name="owner"/>'s claim; false when it is no longer ours.</summary>
    public Task<bool> RenewAsync(string jobId, string owner, TimeSpan lease, CancellationToken cancellationToken) =>
        UpdateAsync(jobId, new() { [F.ClaimedUntil] = new FieldOperation.Set(ParseValues.Date(time.GetUtcNow() + lease)) }, owner, cancellationToken);

    /// <summary>The run's progress message, while <paramref name="owner"/> holds it: an attempt cut off at its timeout writes nothing more.</summary>
    public Task<bool> SetMessageAsync(string jobId, string owner, string message, CancellationToken cancellationToken) =>
        UpdateAsync(jobId, new() { [F.Message] = Set(message) }, owner, cancellationToken);

    /// <summary>Gives the claim up, leaving the run to its next attempt, with <paramref name="message"/> saying why.</summary>
    public Task<bool> ReleaseAsync(string jobId, string owner, string message, CancellationToken cancellationToken) =>
        UpdateAsync(jobId, new()
        {
            [F.Message] = Set(message),
            [F.ClaimedBy] = new FieldOperation.Delete(),
            [F.ClaimedUntil] = new FieldOperation.Delete(),
        }, owner, cancellationToken);

    /// <summary>Ends the run: succeeded or failed, with a message when there is one, as Parse Server's setFinalStatus.</summary>
    public Task<bool> FinishAsync(string jobId, string? owner, string status, string? message, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, FieldOperation>
        {
            [F.Status] = Set(status),
            [F.FinishedAt] = new FieldOperation.Set(ParseValues.Date(time.GetUtcNow())),
            [F.ClaimedBy] = new FieldOperation.Delete(),
            [F.ClaimedUntil] = new FieldOperation.Delete(),
        };
        if (!string.IsNullOrEmpty(message)) fields[F.Message] = Set(message);
        return UpdateAsync(jobId, fields, owner, cancellationToken);
    }

    /// <summary>An update, only while <paramref name="owner"/> holds the claim when given. False when it does not.</summary>
    private async Task<bool> UpdateAsync(string jobId, Dictionary<string, FieldOperation> fields, string? owner, CancellationToken cancellationToken)
    {
        var ours = owner is null ? null : new Comparison(FieldPath.Of(F.ClaimedBy), Comparator.Equal, owner);
        try
        {
            await writer.RunAsync(new UpdateCommand(F.ClassName, jobId, new ObjectChanges(fields), ours), Server, cancellationToken);
            return true;
        }
        catch (PhoneAuthException ex) when (ex.Error is AuthError.ConditionNotMet or AuthError.ObjectNotFound)
        {
            return false;
        }
    }

    private static FieldOperation.Set Set(string value) => new(JsonValue.Create(value));

    private static FieldOperation.Set Set(int value) => new(JsonValue.Create(value));
}
