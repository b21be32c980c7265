using System.Globalization;

namespace PhoneAuth.Server.Operators;

/// <summary>What every console page needs besides its data: the texts, the CSRF field, whether signed in, a notice, the section.</summary>
public sealed record ConsoleFrame(ConsoleTexts T, string CsrfField, string CsrfToken, bool SignedIn, string? Notice, string Section)
{
    /// <summary>A time as operators read it: UTC, to the second.</summary>
    public string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";
}
