-- The application's objects: one table for every class, fields as JSONB (Parse JSON, dates in one
-- canonical text form so that text order is time order). Who may read an object is kept beside it
-- (read_acl, the ACL entries granting read; NULL when it has no ACL: everyone), so that a query
-- filters by it in the database. Fields a class indexes get expression indexes on (class_name, expression, id).
CREATE TABLE objects (
    class_name TEXT   NOT NULL,
    id         TEXT   NOT NULL,
    data       JSONB  NOT NULL DEFAULT '{}'::jsonb,
    acl        JSONB,
    read_acl   TEXT[],
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version    BIGINT NOT NULL,
    PRIMARY KEY (class_name, id)
);
CREATE INDEX ix_objects_created ON objects (class_name, created_at, id);
CREATE INDEX ix_objects_updated ON objects (class_name, updated_at, id);
-- A role's name is unique: the database decides a race between two creations.
CREATE UNIQUE INDEX ux_objects_role_name ON objects ((data->>'name')) WHERE class_name = '_Role';

-- The members of relation fields: the owning object's class, id and field, and the related object's id.
CREATE TABLE relations (
    owning_class TEXT NOT NULL,
    owning_id    TEXT NOT NULL,
    field        TEXT NOT NULL,
    related_id   TEXT NOT NULL,
    PRIMARY KEY (owning_class, owning_id, field, related_id)
);
CREATE INDEX ix_relations_related ON relations (related_id, owning_class, field);

-- Each class's schema: its fields and their types, class-level permissions, indexes.
CREATE TABLE schemas (
    class_name  TEXT   NOT NULL PRIMARY KEY,
    fields      JSONB  NOT NULL,
    permissions JSONB,
    indexes     JSONB  NOT NULL,
    version     BIGINT NOT NULL
);
