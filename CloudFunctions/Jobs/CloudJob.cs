namespace PhoneAuth.CloudFunctions.Jobs;

/// <summary>A defined job.</summary>
public sealed record CloudJob(string Name, Func<JobRequest, Task> Handler);
