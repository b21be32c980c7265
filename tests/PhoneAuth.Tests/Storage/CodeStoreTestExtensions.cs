using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Tests.Storage;

/// <summary>The contract tests' shorthand for an attempt with no code to compare: it only counts the attempt.</summary>
internal static class CodeStoreTestExtensions
{
    public static Task<CodeAttempt?> ClaimAttemptAsync(this IVerificationCodeStore codes, CodeClaim claim, CancellationToken cancellationToken) =>
        codes.ClaimAndConsumeAsync(claim, null, cancellationToken);
}
