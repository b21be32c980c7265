using System.Security.Cryptography;
using System.Text;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>Phone-change tickets: "pt:" and 32 random hex characters, stored as a SHA-256 hash.</summary>
public static class PhoneTickets
{
    public static string New() => "pt:" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string ticket) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ticket)));
}
