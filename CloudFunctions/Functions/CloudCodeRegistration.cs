using Microsoft.Extensions.Hosting;

namespace PhoneAuth.CloudFunctions.Functions;

/// <summary>Runs every <see cref="ICloudCodeModule"/> once, at start-up, before requests are served.</summary>
internal sealed class CloudCodeRegistration(CloudFunctionRegistry registry, IEnumerable<ICloudCodeModule> modules) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var module in modules) module.Register(registry);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
