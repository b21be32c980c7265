namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// The fields the system classes always have. _User and _Session keep their own storage; their custom
/// fields are typed by the value a query compares them with. _Role lives with the objects.
/// </summary>
public static class SystemSchemas
{
    public static readonly IReadOnlyDictionary<string, FieldSchema> UserFields = new Dictionary<string, FieldSchema>
    {
        ["username"] = new(FieldType.String),
        ["email"] = new(FieldType.String),
        ["emailVerified"] = new(FieldType.Boolean),
        ["phone"] = new(FieldType.String),
        ["phoneVerified"] = new(FieldType.Boolean),
        ["authData"] = new(FieldType.Object),
    };

    public static readonly IReadOnlyDictionary<string, FieldSchema> SessionFields = new Dictionary<string, FieldSchema>
    {
        ["user"] = new(FieldType.Pointer, ClassNames.User),
        ["installationId"] = new(FieldType.String),
        ["expiresAt"] = new(FieldType.Date),
        ["createdWith"] = new(FieldType.Object),
    };

    public static readonly IReadOnlyDictionary<string, FieldSchema> RoleFields = new Dictionary<string, FieldSchema>
    {
        ["name"] = new(FieldType.String),
        ["users"] = new(FieldType.Relation, ClassNames.User),
        ["roles"] = new(FieldType.Relation, ClassNames.Role),
    };

    /// <summary>The built-in fields of a system class, or none.</summary>
    public static IReadOnlyDictionary<string, FieldSchema> BuiltInFields(string className) => className switch
    {
        ClassNames.User => UserFields,
        ClassNames.Session => SessionFields,
        ClassNames.Role => RoleFields,
        _ => new Dictionary<string, FieldSchema>(),
    };
}
