using PhoneAuth.CloudFunctions.Data;

namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>
/// The schemas of the application's classes. Every change is conditional on the version read, so two
/// processes adding the same field at once cannot both win with different types.
/// </summary>
public interface ISchemaStore
{
    Task<IReadOnlyList<ClassSchema>> ListAsync(CancellationToken cancellationToken);

    Task<ClassSchema?> FindAsync(string className, CancellationToken cancellationToken);

    /// <summary>Creates the class; false when it exists already.</summary>
    Task<bool> CreateAsync(ClassSchema schema, CancellationToken cancellationToken);

    /// <summary>Replaces the schema if it is still at <paramref name="expectedVersion"/>; false when another change came first.</summary>
    Task<bool> UpdateAsync(ClassSchema schema, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Deletes the class's schema, its objects and their relations; false when there was no such class.</summary>
    Task<bool> DeleteAsync(string className, CancellationToken cancellationToken);

    /// <summary>Removes the field from every object of the class, and its relation members.</summary>
    Task DeleteFieldAsync(string className, string field, CancellationToken cancellationToken);

    /// <summary>Creates the index in the database (by the fields' types in <paramref name="schema"/>).</summary>
    Task CreateIndexAsync(ClassSchema schema, string name, IndexSpec index, CancellationToken cancellationToken);

    Task DropIndexAsync(string className, string name, CancellationToken cancellationToken);
}
