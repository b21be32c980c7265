using Hangfire;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PhoneAuth.CloudFunctions.Jobs;
using PhoneAuth.Server.Storage;

namespace PhoneAuth.Server.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Jobs on Hangfire over the configured storage engine: the core's runner and launcher, the queue, the
    /// recurring schedules and sweep, and this process's workers. No dashboard is mapped.
    /// </summary>
    public static IServiceCollection AddPhoneAuthJobs(this IServiceCollection services)
    {
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Timeout > TimeSpan.Zero && o.TakeoverAfter >= TimeSpan.FromSeconds(1) && o.PollInterval > TimeSpan.Zero && o.RetryDelay >= TimeSpan.Zero,
                "Jobs:Timeout and Jobs:PollInterval must be positive, Jobs:TakeoverAfter at least a second, Jobs:RetryDelay not negative.")
            .Validate(o => o.Schedules.All(s => !string.IsNullOrWhiteSpace(s.Job) && !string.IsNullOrWhiteSpace(s.Cron)),
                "Jobs:Schedules: each needs a Job and a Cron.")
            .Validate(o => o.Schedules.All(s => JobSchedules.IsValidParams(s.Params)),
                "Jobs:Schedules: Params must be a JSON object, such as {\"days\":30}.")
            .ValidateOnStart();
        services.AddPhoneAuthJobsCore();
        services.TryAddSingleton<StorageSweeper>();
        services.TryAddSingleton<HangfireParts>();
        services.TryAddSingleton<IBackgroundJobClient>(sp =>
        {
            var parts = sp.GetRequiredService<HangfireParts>();
            return new BackgroundJobClient(parts.Storage, parts.Factory, parts.StateChanger);
        });
        services.TryAddSingleton<IRecurringJobManager>(sp =>
        {
            var parts = sp.GetRequiredService<HangfireParts>();
            return new RecurringJobManager(parts.Storage, parts.Factory);
        });
        services.TryAddSingleton<IJobQueue, HangfireJobQueue>();
        services.TryAddTransient<HangfireJobs>();
        services.AddHostedService<JobsHostedService>();
        return services;
    }
}
