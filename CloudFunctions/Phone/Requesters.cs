using System.Net;
using System.Net.Sockets;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// Who asks, for limits kept per requester: a client address, with an IPv6 address taken by its /64,
/// the block one subscriber is given (counting each of its addresses apart would give one attacker
/// 2^64 requesters).
/// </summary>
public static class Requesters
{
    /// <summary>The key under which <paramref name="ip"/>'s requests are counted; "unknown" without an address.</summary>
    public static string KeyOf(string? ip)
    {
        if (ip is null || !IPAddress.TryParse(ip, out var address)) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
