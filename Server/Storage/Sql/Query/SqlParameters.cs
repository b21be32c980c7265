using System.Data.Common;

namespace PhoneAuth.Server.Storage.Sql.Query;

/// <summary>The values of a statement being built: each becomes a parameter, never text.</summary>
internal sealed class SqlParameters
{
    private readonly List<(string Name, object? Value)> _values = [];

    /// <summary>Adds a value and returns its placeholder ("@p3").</summary>
    public string Add(object? value)
    {
        var name = "p" + _values.Count;
        _values.Add((name, value));
        return "@" + name;
    }

    public DbCommand Bind(DbCommand command)
    {
        foreach (var (name, value) in _values) command.With(name, value);
        return command;
    }
}
