using System.Security.Cryptography;

namespace PhoneAuth.CloudFunctions.Model;

/// <summary>Parse-style object ids: 10 random characters from [A-Za-z0-9].</summary>
public static class ObjectIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, 10);
}
