using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.CloudFunctions.Users;

/// <summary>
/// Usernames that are phone numbers belong to the phone flows. A phone sign-up makes the number the
/// username, and usernames are unique, so if clients could choose such names, the answer to "rename
/// me to +86138…" would tell whether that number has an account, and a name taken before its owner
/// signs up would reach the taker's account by password. So clients may not choose them (the master
/// key may), and such a username is shown only to whoever may see the phone.
/// </summary>
public static class PhoneShapedUsernames
{
    /// <summary>
    /// The username a client asked for, as it will be stored: unchanged when it is no phone number; in
    /// E.164 when it is, in any form, the account's own verified number or the username it already has
    /// (a dialect may show it in another form, and a client may send it back so); otherwise refused,
    /// with the same answer whether or not the number has an account.
    /// </summary>
    public static string CheckClientChoice(string username, UserRecord account, PhoneParser phones)
    {
        if (!phones.TryRead(username, out var number)) return username;
        if (account.Username == number.E164 || (account.PhoneVerified && account.Phone == number.E164)) return number.E164;
        throw new PhoneAuthException(AuthError.UsernameReserved);
    }

    /// <summary>
    /// Whether <paramref name="username"/> may be a phone number, by its shape alone: digits, perhaps
    /// after a "+", with the separators numbers are written with, seven digits or more. Wider than any
    /// country's rules, so that it hides every number whatever the default country; no configuration needed.
    /// </summary>
    public static bool LooksLikePhone(string username)
    {
        var digits = 0;
        for (var i = 0; i < username.Length; i++)
        {
            var c = PhoneNumber.ToHalfWidth(username[i]);
            if (c is >= '0' and <= '9') digits++;
            else if (c == '+' && digits == 0) continue;
            else if (!char.IsWhiteSpace(c) && c is not ('-' or '.' or '(' or ')' or '/')) return false;
        }
        return digits >= 7;
    }
}
