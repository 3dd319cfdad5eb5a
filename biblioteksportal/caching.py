"""The read-mostly pages keep their rendered body for as long as the data they show is the
same (the `{% cache %}` tag, with the key made here).

The key holds the data versions (`versions`: the last transaction that changed each
region's rows, kept by triggers) of the page's region and of the rows of no region, or of
every region for a page of the whole country. A committed write to the page's data changes
the key, so a stale body is never served; a commit elsewhere (another region's, a session,
a queued job) leaves the page cached. The page's path and query, the user's scope
(superuser or not, role, region, municipality), the language and the day complete it.
A transaction that has written sees its own uncommitted versions: nothing is kept for it.
The cache is the process's own memory (Django's default LocMemCache), or Redis when
REDIS_URL is set (Django's RedisCache): one cache for every process and machine, so a page
computed by one is served by all.
"""

import hashlib

from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language

from .models import DataVersion

TIMEOUT = 3600
UNCACHED = {"timeout": 0, "key": ""}


def fragment(request, region):
    """`{% cache fragment.timeout <name> fragment.key %}`'s arguments for a page of `region`
    (a Region's id; None: a page of every region)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT pg_current_xact_id_if_assigned() IS NULL,
                (SELECT string_agg(region || ':' || xid, ',' ORDER BY region)
                 FROM {DataVersion._meta.db_table} WHERE %(region)s::int IS NULL
                 OR region IN (0, %(region)s))""",
            {"region": region},
        )
        clean, versions = cursor.fetchone()
    if not clean:
        return UNCACHED
    profile = getattr(request.user, "profile", None)
    scope = (
        (request.user.is_superuser, profile.role, profile.region_id, profile.municipality_id)
        if profile
        else (request.user.pk,)
    )
    page = request.get_full_path()
    key = repr((versions, page, scope, get_language(), timezone.localdate()))
    return {"timeout": TIMEOUT, "key": hashlib.sha256(key.encode()).hexdigest()}
