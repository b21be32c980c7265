using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.Tests.Core;

/// <summary>
/// Numbers from ten countries and two international ranges, each as a client may write it, with its
/// canonical form, its type by libphonenumber's metadata and the default verdict: whether a code may
/// be sent to it (mobiles, and fixed-line-or-mobile where a plan does not tell them apart). Examples
/// are from the plans' documented ranges; none is meant to reach anyone.
/// </summary>
public static class PhoneNumberTable
{
    public sealed record Row(string Input, string DefaultCountry, string E164, PhoneNumberType Type, bool Receives)
    {
        public override string ToString() => $"{Input} ({Type})";
    }

    private const bool Sent = true;
    private const bool Refused = false;

    public static readonly Row[] Rows =
    [
        // Mainland China: mobiles in every form; landlines (with and without the trunk 0), shared-cost 400 and toll-free 800 numbers.
        new("13800138000", "86", "+8613800138000", PhoneNumberType.Mobile, Sent),
        new("+86 199 1234 5678", "86", "+8619912345678", PhoneNumberType.Mobile, Sent),
        new("８６１７００００００９９９", "86", "+8617000000999", PhoneNumberType.Mobile, Sent),
        new("010 1234 5678", "86", "+861012345678", PhoneNumberType.FixedLine, Refused),
        new("+86 21 6123 4567", "86", "+862161234567", PhoneNumberType.FixedLine, Refused),
        new("400-810-8888", "86", "+864008108888", PhoneNumberType.SharedCost, Refused),
        new("+86 800 810 8888", "86", "+868008108888", PhoneNumberType.TollFree, Refused),
        // Hong Kong.
        new("+852 9123 4567", "86", "+85291234567", PhoneNumberType.Mobile, Sent),
        new("+852 2123 4567", "86", "+85221234567", PhoneNumberType.FixedLine, Refused),
        new("+852 800 123 456", "86", "+852800123456", PhoneNumberType.TollFree, Refused),
        new("+852 8112 3456", "86", "+85281123456", PhoneNumberType.PersonalNumber, Refused),
        // Taiwan: a trunk 0 written after the country code is dropped.
        new("+886 912 345 678", "86", "+886912345678", PhoneNumberType.Mobile, Sent),
        new("+886 2 2345 6789", "86", "+886223456789", PhoneNumberType.FixedLine, Refused),
        new("+886 0800 123 456", "86", "+886800123456", PhoneNumberType.TollFree, Refused),
        new("+886 70 1234 5678", "86", "+8867012345678", PhoneNumberType.Voip, Refused),
        // The US and Canada share +1, whose plan does not tell mobiles from fixed lines.
        new("+1 (415) 555-2671", "86", "+14155552671", PhoneNumberType.FixedLineOrMobile, Sent),
        new("(604) 555-0123", "1", "+16045550123", PhoneNumberType.FixedLineOrMobile, Sent),
        new("+1 800 555 0199", "86", "+18005550199", PhoneNumberType.TollFree, Refused),
        new("+1 900 555 0199", "86", "+19005550199", PhoneNumberType.PremiumRate, Refused),
        // The UK: a national number in its own country, a trunk 0 after +44, and the ranges pumping favours.
        new("07911 123456", "44", "+447911123456", PhoneNumberType.Mobile, Sent),
        new("0044 20 7946 0958", "86", "+442079460958", PhoneNumberType.FixedLine, Refused),
        new("+44 909 876 5432", "86", "+449098765432", PhoneNumberType.PremiumRate, Refused),
        new("+44 56 1234 5678", "86", "+445612345678", PhoneNumberType.Voip, Refused),
        new("+44 70 1234 5678", "86", "+447012345678", PhoneNumberType.PersonalNumber, Refused),
        new("+44 7640 123456", "86", "+447640123456", PhoneNumberType.Pager, Refused),
        new("+44 55 1234 5678", "86", "+445512345678", PhoneNumberType.Uan, Refused),
        // Italy: fixed lines keep their leading 0 after +39, mobiles have none.
        new("+39 06 1234 5678", "86", "+390612345678", PhoneNumberType.FixedLine, Refused),
        new("+39 312 345 6789", "86", "+393123456789", PhoneNumberType.Mobile, Sent),
        new("+39 899 123 456", "86", "+39899123456", PhoneNumberType.PremiumRate, Refused),
        // Germany: the trunk 0 written after +49 is dropped.
        new("+49 1512 3456789", "86", "+4915123456789", PhoneNumberType.Mobile, Sent),
        new("+49 030 1234567", "86", "+49301234567", PhoneNumberType.FixedLine, Refused),
        new("+49 900 1 234567", "86", "+499001234567", PhoneNumberType.PremiumRate, Refused),
        new("+49 180 1 2345", "86", "+4918012345", PhoneNumberType.SharedCost, Refused),
        // India.
        new("+91 98765 43210", "86", "+919876543210", PhoneNumberType.Mobile, Sent),
        new("+91 11 2345 6789", "86", "+911123456789", PhoneNumberType.FixedLine, Refused),
        new("+91 1800 123 4567", "86", "+9118001234567", PhoneNumberType.TollFree, Refused),
        // Brazil: São Paulo's ninth mobile digit; toll-free with and without the trunk 0.
        new("+55 11 91234 5678", "86", "+5511912345678", PhoneNumberType.Mobile, Sent),
        new("+55 11 2345 6789", "86", "+551123456789", PhoneNumberType.FixedLine, Refused),
        new("+55 0800 123 4567", "86", "+558001234567", PhoneNumberType.TollFree, Refused),
        // International ranges with no country: universal freephone, and +882 16, where SMS pumping waves go.
        new("+800 1234 5678", "86", "+80012345678", PhoneNumberType.TollFree, Refused),
        new("+882 16 123456", "86", "+88216123456", PhoneNumberType.Voip, Refused),
    ];

    public static IEnumerable<object[]> All => Rows.Select(r => new object[] { r });
}
