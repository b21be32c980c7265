using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PhoneAuth.CloudFunctions.Jobs;

public static class JobsCoreServiceCollectionExtensions
{
    /// <summary>The core of jobs: statuses, runner and launcher. The host binds <see cref="JobsOptions"/> and supplies <see cref="IJobQueue"/>.</summary>
    public static IServiceCollection AddPhoneAuthJobsCore(this IServiceCollection services)
    {
        services.TryAddSingleton<JobStatuses>();
        services.TryAddSingleton<JobRunner>();
        services.TryAddSingleton<JobLauncher>();
        return services;
    }
}
