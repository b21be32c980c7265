namespace PhoneAuth.Server.Import;

/// <summary>What an import did, or would do (a dry run).</summary>
/// <param name="Rejected">Rows not written, each as "line N: why (objectId …)".</param>
/// <param name="Warnings">Rows written, but with something left out that the operator must see to, in the same form.</param>
/// <param name="PublicReadRemoved">Users written without the public read their ACL granted.</param>
public sealed record ImportReport(int Imported, int AlreadyPresent, IReadOnlyList<string> Rejected, IReadOnlyList<string> Warnings, int PublicReadRemoved);
