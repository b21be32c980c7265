namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// Messages that carry no code: they tell a number what happened to its account. They go through the
/// same providers and send log as codes, as an <see cref="Abstractions.SmsMessage"/> whose purpose is
/// one of these and whose <c>Code</c> slot holds the detail the text names.
/// </summary>
public static class SmsNotices
{
    /// <summary>To the old number, when its account moved to another: the detail is the new number's last four digits.</summary>
    public const string PhoneChanged = "phoneChanged";

    public static bool IsNotice(string purpose) => purpose == PhoneChanged;
}
