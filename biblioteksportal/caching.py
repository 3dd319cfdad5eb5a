"""The read-mostly pages keep their rendered body for as long as the database is in the same
state (the `{% cache %}` tag, with the key made here).

The key holds PostgreSQL's current snapshot (`pg_current_snapshot()`, which says which
transactions have committed), so any committed write changes it and a stale body is never
served. The page's path and query, the user's scope (superuser or not, role, region,
municipality), the language and the day complete it.
A transaction that has written does not see its own writes in the snapshot: nothing is kept
for it. The cache is the process's own memory (Django's default LocMemCache), or Redis when
REDIS_URL is set (Django's RedisCache): one cache for every process and machine, so a page
computed by one is served by all.
"""

import hashlib

from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language

TIMEOUT = 3600
UNCACHED = {"timeout": 0, "key": ""}


def fragment(request):
    """`{% cache fragment.timeout <name> fragment.key %}`'s arguments for this request."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_current_snapshot()::text, pg_current_xact_id_if_assigned() IS NULL"
        )
        snapshot, clean = cursor.fetchone()
    if not clean:
        return UNCACHED
    profile = getattr(request.user, "profile", None)
    scope = (
        (request.user.is_superuser, profile.role, profile.region_id, profile.municipality_id)
        if profile
        else (request.user.pk,)
    )
    page = request.get_full_path()
    key = repr((snapshot, page, scope, get_language(), timezone.localdate()))
    return {"timeout": TIMEOUT, "key": hashlib.sha256(key.encode()).hexdigest()}
