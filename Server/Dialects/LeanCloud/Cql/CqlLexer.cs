using System.Text;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.Server.Dialects.LeanCloud.Cql;

internal enum CqlTokenKind { Word, String, Number, Symbol, Placeholder, End }

/// <param name="Kind">What the token is.</param>
/// <param name="Text">Its text: a word as written, a string's value without quotes, a number as written, a symbol.</param>
/// <param name="Position">Where it starts in the statement, from 1, for messages.</param>
internal readonly record struct CqlToken(CqlTokenKind Kind, string Text, int Position)
{
    /// <summary>Whether this is the keyword <paramref name="keyword"/>, in any case.</summary>
    public bool Is(string keyword) => Kind == CqlTokenKind.Word && Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == CqlTokenKind.Symbol && Text == symbol;
}

/// <summary>
/// Splits CQL into tokens: words (keywords, class and field names, dotted paths), strings in single or
/// double quotes (a quote doubled or escaped with a backslash stands for itself), JSON numbers, the
/// placeholder <c>?</c> and the symbols <c>( ) , * = != &lt;&gt; &lt; &lt;= &gt; &gt;=</c>. Anything else is
/// an error naming the position.
/// </summary>
internal static class CqlLexer
{
    public static List<CqlToken> Read(string text)
    {
        var tokens = new List<CqlToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var start = i;
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.')) i++;
                tokens.Add(new CqlToken(CqlTokenKind.Word, text[start..i], start + 1));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(new CqlToken(CqlTokenKind.String, String(text, ref i), start + 1));
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                i++;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '.' or 'e' or 'E'
                    || (text[i] is '+' or '-' && text[i - 1] is 'e' or 'E'))) i++;
                tokens.Add(new CqlToken(CqlTokenKind.Number, text[start..i], start + 1));
            }
            else if (c == '?')
            {
                i++;
                tokens.Add(new CqlToken(CqlTokenKind.Placeholder, "?", start + 1));
            }
            else
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
                var symbol = two is "!=" or "<>" or "<=" or ">=" ? two
                    : c is '(' or ')' or ',' or '*' or '=' or '<' or '>' or '+' or '-' ? c.ToString()
                    : throw Invalid($"unexpected character '{c}'", start + 1);
                i += symbol.Length;
                tokens.Add(new CqlToken(CqlTokenKind.Symbol, symbol, start + 1));
            }
        }
        tokens.Add(new CqlToken(CqlTokenKind.End, "", text.Length + 1));
        return tokens;
    }

    private static string String(string text, ref int i)
    {
        var quote = text[i];
        var start = i + 1;
        var value = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length) { value.Append(text[i + 1]); i += 2; continue; }
            if (c == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote) { value.Append(quote); i += 2; continue; }
                i++;
                return value.ToString();
            }
            value.Append(c);
            i++;
        }
        throw Invalid("a string is not closed", start);
    }

    public static PhoneAuthException Invalid(string what, int position) => new(AuthError.InvalidStatement) { Args = [what, position] };
}
