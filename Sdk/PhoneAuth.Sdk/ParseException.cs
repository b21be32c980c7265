namespace PhoneAuth.Sdk;

/// <summary>An error answer from the server: its Parse error code and message.</summary>
public sealed class ParseException : Exception
{
    /// <summary>Creates an error with a Parse code.</summary>
    public ParseException(int code, string message, int? httpStatus = null, Exception? inner = null) : base(message, inner)
    {
        Code = code;
        HttpStatus = httpStatus;
    }

    /// <summary>The Parse error code; see <see cref="ParseErrorCodes"/>.</summary>
    public int Code { get; }

    /// <summary>The HTTP status of the answer, or null when no answer came.</summary>
    public int? HttpStatus { get; }
}
