namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>Masks a phone number for logs: only the country prefix and the last 4 digits stay.</summary>
public static class PhoneMask
{
    public static string Mask(string? phone)
    {
        if (string.IsNullOrEmpty(phone)) return "";
        if (phone.Length <= 6) return new string('*', phone.Length);
        var head = phone.StartsWith('+') ? phone[..3] : phone[..2];
        return head + new string('*', phone.Length - head.Length - 4) + phone[^4..];
    }
}
