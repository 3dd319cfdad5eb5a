"""Each region's data version: the transaction that last changed the region's data.

Statement-level triggers with transition tables (so a COPY of a million rows costs one
statement's work) on every table of the portal's domain models write the current
transaction's id into `DataVersion` for each region whose rows the statement inserted,
changed or deleted, and for region 0 when the rows belong to no region. No write path can
forget it, and a commit that touches no domain table (a session, a queued job, a mail's
delivery) or only another region's rows leaves a region's version as it was.

A domain model is one with a `region_lookup` (ScopedQuerySet's path to its region) in the
core or an area app, and not marked `versioned = False`; a many-to-many table goes by the
model that declares it. The triggers are made from the models when migrate ends, so a new
model or a changed lookup gets them without a migration of its own.
The page cache (caching.py) keys a page by the versions it shows.
"""

import pgtrigger
from django.apps import apps
from django.db import connection

from .areas import area_apps
from .models import DataVersion

FUNCTION = f"""
CREATE OR REPLACE FUNCTION portal_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- TG_ARGV[0]: a SELECT of the changed rows' regions from the transition tables
    EXECUTE 'INSERT INTO {DataVersion._meta.db_table} AS version (region, xid) '
        || 'SELECT DISTINCT region, pg_current_xact_id()::text::bigint FROM ('
        || TG_ARGV[0] || ') AS changed ORDER BY region '  -- one lock order for all
        || 'ON CONFLICT (region) DO UPDATE SET xid = EXCLUDED.xid '
        || 'WHERE version.xid IS DISTINCT FROM EXCLUDED.xid';
    RETURN NULL;
END $$;
"""
OPERATIONS = {  # operation: its transition tables
    "INSERT": {"NEW": "new_rows"},
    "UPDATE": {"OLD": "old_rows", "NEW": "new_rows"},
    "DELETE": {"OLD": "old_rows"},
}


def _lookup(model):
    """The model's path to its region, or None for shared rows."""
    if model._meta.auto_created:  # a many-to-many table: through the declaring model's key
        owner = next(
            f
            for f in model._meta.fields
            if f.is_relation and f.related_model is model._meta.auto_created
        )
        parent = owner.related_model.region_lookup
        return f"{owner.name}__{parent}" if parent else None
    return model.region_lookup


def regions_sql(model, tables):
    """A SELECT of the region (0 for none) of each row of the transition tables."""
    lookup = _lookup(model)
    if lookup is None:
        return " UNION ALL ".join(f"SELECT 0 AS region FROM {table}" for table in tables)
    names = [model._meta.pk.name if name == "pk" else name for name in lookup.split("__")]
    first = field = model._meta.get_field(names[0])
    joins, column = [], "changed_rows.key"
    for name in names[1:]:
        target, alias = field.related_model, f"t{len(joins)}"
        joins.append(
            f'LEFT JOIN "{target._meta.db_table}" {alias} '
            f'ON {alias}."{target._meta.pk.column}" = {column}'
        )
        field = target._meta.get_field(name)
        column = f'{alias}."{field.column}"'
    source = " UNION ALL ".join(f'SELECT "{first.column}" AS key FROM {table}' for table in tables)
    return " ".join(
        [f"SELECT COALESCE({column}, 0) AS region FROM ({source}) AS changed_rows", *joins]
    )


def versioned_models():
    labels = {"biblioteksportal", "followup", *(config.label for config in area_apps())}
    for model in apps.get_models(include_auto_created=True):
        owner = model._meta.auto_created or model
        if (
            model._meta.app_label in labels
            and hasattr(owner, "region_lookup")
            and getattr(owner, "versioned", True)
        ):
            yield model


def statements():
    """The function and every versioned table's triggers, made from the models."""
    statements = [FUNCTION]
    for model in versioned_models():
        table = model._meta.db_table
        for operation, tables in OPERATIONS.items():
            referencing = " ".join(f"{kind} TABLE AS {name}" for kind, name in tables.items())
            select = regions_sql(model, tables.values()).replace("'", "''")
            statements.append(
                f'CREATE OR REPLACE TRIGGER "data_version_{operation.lower()}" '
                f'AFTER {operation} ON "{table}" REFERENCING {referencing} '
                f"FOR EACH STATEMENT EXECUTE FUNCTION portal_data_version('{select}')"
            )
    return ";\n".join(statements)


def install(**kwargs):
    """post_migrate: (re)create the function and every versioned table's triggers; and the
    audit's triggers on many-to-many tables, which have no migrations to install them."""
    with connection.cursor() as cursor:
        cursor.execute(statements())
    pgtrigger.install(
        *(
            trigger.get_uri(model)
            for model, trigger in pgtrigger.registered()
            if model._meta.auto_created
        )
    )
