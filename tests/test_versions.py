"""The data versions that the page cache's keys hold (biblioteksportal.versions): every domain
table's triggers move the version of the region of the rows a statement changed."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import F
from pghistory.models import Event

from biblioteksportal import versions
from biblioteksportal.models import DataVersion, Region


def current_xid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()::text::bigint")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_every_domain_tables_rows_move_their_own_regions_version(demo_county):
    """For each versioned table with rows in the demo data, an update of one row writes the
    transaction's id into its region's version (0 for rows of no region), and only there."""
    Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    checked = []
    for model in versions.versioned_models():
        row = model.objects.order_by().values_list("pk", flat=True).first()
        if row is None:
            continue
        lookup = versions._lookup(model)
        region = (
            model.objects.filter(pk=row).values_list(lookup.replace("__pk", ""), flat=True)[0]
            if lookup
            else None
        )
        if lookup == "pk":
            region = row
        expected = {region.pk if isinstance(region, Region) else (region or 0)}
        DataVersion.objects.update(xid=0)
        DataVersion.objects.get_or_create(region=0, defaults={"xid": 0})
        column = model._meta.concrete_fields[-1].attname
        model.objects.filter(pk=row).update(**{column: F(column)})
        changed = set(DataVersion.objects.exclude(xid=0).values_list("region", flat=True))
        assert changed == expected, model
        assert DataVersion.objects.get(region=expected.pop()).xid == current_xid()
        checked.append(model)
    assert len(checked) >= 40


@pytest.mark.django_db
def test_every_table_of_the_portals_apps_has_the_triggers_or_is_named_here():
    """A table of a new model without a `region_lookup` would move no version: it must be named
    here as data that no cached page shows."""
    untracked = {
        "biblioteksportal_dataversion",
        "biblioteksportal_formattempt",
        "biblioteksportal_personallink",
        "biblioteksportal_maillog",
        "samverkan_staging",
        "followup_statisticimport",
    }
    prefixes = (
        "biblioteksportal_",
        "followup_",
        "samverkan_",
        "kompetens_",
        "biblioteksplaner_",
        "lasframjande_",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.relname, count(t.tgname) FROM pg_class c
               LEFT JOIN pg_trigger t ON t.tgrelid = c.oid AND t.tgname LIKE 'data_version_%%'
               WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace
               GROUP BY c.relname"""
        )
        tables = dict(cursor.fetchall())
    audit = {model._meta.db_table for model in apps.get_models() if issubclass(model, Event)}
    portal = {t for t in tables if t.startswith(prefixes) and t not in audit}
    assert {t for t in portal if tables[t] != 3} <= untracked
    assert {t for t in portal if tables[t] == 3} == {
        m._meta.db_table for m in versions.versioned_models()
    }
