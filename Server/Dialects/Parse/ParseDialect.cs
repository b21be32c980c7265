using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>The Parse dialect's name among the dialects' services, and its names of the phone fields.</summary>
public static class ParseDialect
{
    public const string Name = "parse";

    public static readonly FieldNames Fields = new("phone", "phoneVerified");
}
