namespace PhoneAuth.Server.Import;

/// <summary>A value of a row that cannot be read (a malformed date or number): the row is rejected with this message.</summary>
internal sealed class ImportValueException(string message) : Exception(message);
