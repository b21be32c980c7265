-- The application's objects: one table for every class, fields as JSON (Parse JSON, dates in one
-- canonical text form so that text order is time order). Who may read an object is kept beside it
-- (read_acl, a JSON array of ACL entries; NULL when it has no ACL: everyone), so that a query filters
-- by it in the database. Fields a class indexes get expression indexes on (class_name, expression, id).
CREATE TABLE objects (
    class_name TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    data       TEXT    NOT NULL DEFAULT '{}',
    acl        TEXT,
    read_acl   TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    PRIMARY KEY (class_name, id)
);
CREATE INDEX ix_objects_created ON objects (class_name, created_at, id);
CREATE INDEX ix_objects_updated ON objects (class_name, updated_at, id);
-- A role's name is unique: the database decides a race between two creations.
CREATE UNIQUE INDEX ux_objects_role_name ON objects (json_extract(data, '$.name')) WHERE class_name = '_Role';

-- The members of relation fields: the owning object's class, id and field, and the related object's id.
CREATE TABLE relations (
    owning_class TEXT NOT NULL,
    owning_id    TEXT NOT NULL,
    field        TEXT NOT NULL,
    related_id   TEXT NOT NULL,
    PRIMARY KEY (owning_class, owning_id, field, related_id)
);
CREATE INDEX ix_relations_related ON relations (related_id, owning_class, field);

-- Each class's schema: its fields and their types, class-level permissions, indexes (all JSON).
CREATE TABLE schemas (
    class_name  TEXT    NOT NULL PRIMARY KEY,
    fields      TEXT    NOT NULL,
    permissions TEXT,
    indexes     TEXT    NOT NULL,
    version     INTEGER NOT NULL
);
