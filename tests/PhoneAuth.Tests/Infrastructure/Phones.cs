using System.Security.Cryptography;

namespace PhoneAuth.Tests.Infrastructure;

/// <summary>Fresh mainland mobile numbers, so tests never share a phone.</summary>
public static class Phones
{
    /// <summary>A random +86 139xxxxxxxx number in canonical form.</summary>
    public static string NewMainland() => "+86139" + RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8");

    /// <summary>The national form of a +86 number: 11 digits without the country code.</summary>
    public static string National(string e164) => e164[3..];
}
