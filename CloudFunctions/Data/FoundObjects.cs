using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>An object a query found, as the viewer may see it.</summary>
public abstract record FoundItem;

/// <summary>
/// An application object (its hidden and unrequested fields already removed), and the objects that
/// replace its pointer fields (<c>include</c>), by field name.
/// </summary>
public sealed record FoundObject(StoredObject Object, IReadOnlyDictionary<string, IReadOnlyList<FoundItem>> Included) : FoundItem;

/// <summary>A user, included through a pointer to _User; the wire shows it as its viewer may see it.</summary>
public sealed record FoundUser(UserRecord User) : FoundItem;

/// <summary>A page of found objects, and the count of every match when it was asked for.</summary>
public sealed record FoundPage(IReadOnlyList<FoundObject> Objects, long? Count);
