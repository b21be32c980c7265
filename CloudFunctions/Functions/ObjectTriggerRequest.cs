using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.CloudData;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Functions;

/// <summary>
/// What a save or delete trigger of a class receives, as in Parse Server: the object (in beforeSave, as
/// it will be stored, with the client's changes applied: change it with Set, Unset…), the original (the
/// stored object, on an update or a delete), the caller, and the data API with the caller's rights.
/// </summary>
public sealed class ObjectTriggerRequest : CallerRequest
{
    public required string TriggerName { get; init; }
    public string ClassName => Object.ClassName;
    public required ParseObject Object { get; init; }

    /// <summary>The stored object before this write; null on creation.</summary>
    public ParseObject? Original { get; init; }

    /// <summary>App data with the caller's rights; <c>Data.AsMaster()</c> for the master key's. Writes from here run their own triggers, to a bounded depth.</summary>
    public required CloudData.CloudData Data { get; init; }
}

/// <summary>
/// What a find trigger receives: the query (beforeFind may change or replace it; it still runs with the
/// caller's rights), whether it is a get or a count, and in afterFind the objects found, which the
/// trigger may change, remove or reorder.
/// </summary>
public sealed class FindTriggerRequest : CallerRequest
{
    public required string TriggerName { get; init; }
    public required string ClassName { get; init; }
    public required CloudQuery Query { get; init; }

    /// <summary>A get by objectId (GET /classes/{class}/{id}).</summary>
    public bool IsGet { get; init; }

    /// <summary>A query that asked for the count.</summary>
    public bool Count { get; init; }

    /// <summary>afterFind: the objects found, in order; what the list holds when the trigger returns is the answer.</summary>
    public List<ParseObject> Objects { get; init; } = [];

    public required CloudData.CloudData Data { get; init; }
}
