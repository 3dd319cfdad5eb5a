"""Multi-step writes and the floating-collection analytics (aggregated in SQL)."""

import threading
from collections import defaultdict
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from biblioteksportal.models import Municipality, Region

from .choices import ImportStatus, RolloutStatus, SignatureStatus, VersionStatus
from .models import (
    STALLED_AFTER,
    AgreementParty,
    AgreementVersion,
    BranchCode,
    SharedSystem,
    Transfer,
    TransferImport,
)


def user_region(user):
    """The region whose records a reader sees (a superuser without a profile: the first)."""
    profile = getattr(user, "profile", None)
    return profile.region if profile else Region.objects.order_by("pk").first()


def add_parties(agreement):
    """Every municipality of the region and the region itself become parties (idempotent)."""
    municipalities = Municipality.objects.filter(region=agreement.region_id)
    AgreementParty.objects.bulk_create(
        [AgreementParty(agreement=agreement, municipality=m) for m in [None, *municipalities]],
        ignore_conflicts=True,
    )


def system_counts(region, end):
    """The region's shared systems, each with its municipalities live, trained and in all by
    the date `end`."""
    return SharedSystem.objects.filter(region=region).annotate(
        live=Count(
            "rollouts", filter=Q(rollouts__status=RolloutStatus.LIVE, rollouts__go_live__lte=end)
        ),
        trained=Count("rollouts", filter=Q(rollouts__training__lte=end)),
        total=Count("rollouts"),
    )


def current_agreement(versions):
    """The newest version that is not superseded (final before draft)."""
    live = [v for v in versions if v.status != VersionStatus.SUPERSEDED]
    finals = [v for v in live if v.status == VersionStatus.FINAL]
    return (finals or live or [None])[0]


def region_agreement(region):
    """The region's current agreement, with its parties."""
    versions = AgreementVersion.objects.filter(region=region).prefetch_related(
        "parties__municipality"
    )
    return current_agreement(list(versions.order_by("-created")))


def signature_summary(parties):
    """How many have signed, and the parties whose signature is missing and those that have
    declined."""
    signed = [p for p in parties if p.status == SignatureStatus.SIGNED]
    declined = [p for p in parties if p.status == SignatureStatus.DECLINED]
    missing = [p for p in parties if p.status in (SignatureStatus.NOT_SENT, SignatureStatus.SENT)]
    return {"signed": len(signed), "total": len(parties), "missing": missing, "declined": declined}


def schedule_import(run):
    """Import a stored upload in a background thread once it is committed."""
    transaction.on_commit(lambda: start_in_background(run.pk))


def restart_import(run):
    """Import a stalled or failed upload again in the background (rows already there are not
    added twice); False if it is not stalled or failed, or another request restarted it."""
    cutoff = timezone.now() - STALLED_AFTER
    restartable = Q(status=ImportStatus.FAILED) | Q(
        status__in=[ImportStatus.PENDING, ImportStatus.RUNNING], modified__lt=cutoff
    )
    restarted = (
        TransferImport.objects.filter(restartable, pk=run.pk)
        .exclude(file="")
        .update(status=ImportStatus.PENDING, finished=None, message="", modified=timezone.now())
    )
    if restarted:
        schedule_import(run)
    return bool(restarted)


def start_in_background(pk):
    thread = threading.Thread(target=_import_in_thread, args=(pk,), daemon=True)
    thread.start()
    return thread


def _import_in_thread(pk):
    from . import koha  # Arrow loads only in a process that imports (about 40 MB)

    try:
        koha.run_import(TransferImport.objects.get(pk=pk))
    finally:
        connection.close()


# --- Floating-collection analytics ---------------------------------------------------------


def transfers(region, start, end, reason=""):
    qs = Transfer.objects.filter(region=region, date__gte=start, date__lte=end)
    return qs.filter(reason=reason) if reason else qs


def per_month(qs):
    return list(
        qs.annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(
            total=Count("pk"),
            cancelled_n=Count("pk", filter=Q(cancelled__isnull=False)),
            unfinished_n=Count("pk", filter=Q(arrived__isnull=True, cancelled__isnull=True)),
        )
        .order_by("month")
    )


def cancellations(qs):
    """The cancelled transfers per Koha's cancellation reason ("" before Koha 22.11)."""
    return list(
        qs.filter(cancelled__isnull=False)
        .values("cancellation_reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "cancellation_reason")
    )


def branch_map(region):
    """{Koha code: library}, libraries with their municipality."""
    codes = BranchCode.objects.filter(region=region).select_related("library__municipality")
    return {code.code: code.library for code in codes}


def flows(qs, region):
    """The from → to matrices per library and per municipality, each library's net inflow,
    and cancelled and unfinished transfers per sending library."""
    pairs = qs.values("from_branch", "to_branch").annotate(
        total=Count("pk", filter=Q(cancelled__isnull=True)),
        cancelled_n=Count("pk", filter=Q(cancelled__isnull=False)),
        unfinished_n=Count("pk", filter=Q(arrived__isnull=True, cancelled__isnull=True)),
    )
    libraries = branch_map(region)
    matrix = defaultdict(int)
    by_municipality = defaultdict(int)
    net = defaultdict(lambda: {"in": 0, "out": 0, "cancelled": 0, "unfinished": 0})
    unmapped = defaultdict(int)
    for row in pairs:
        source, target = libraries.get(row["from_branch"]), libraries.get(row["to_branch"])
        for code, library in ((row["from_branch"], source), (row["to_branch"], target)):
            if library is None:
                unmapped[code] += row["total"] + row["cancelled_n"]
        if source is None or target is None:
            continue
        n = row["total"]
        matrix[source.pk, target.pk] += n
        by_municipality[_municipality_name(source), _municipality_name(target)] += n
        net[source.pk]["cancelled"] += row["cancelled_n"]
        net[source.pk]["unfinished"] += row["unfinished_n"]
        if source.pk != target.pk:
            net[source.pk]["out"] += n
            net[target.pk]["in"] += n
    used = sorted({lib.pk: lib for lib in libraries.values()}.values(), key=lambda lib: lib.name)
    municipalities = sorted({_municipality_name(lib) for lib in used})
    return {
        "libraries": used,
        "library_rows": [(lib, [matrix[lib.pk, other.pk] for other in used]) for lib in used],
        "municipalities": municipalities,
        "municipality_rows": [
            (name, [by_municipality[name, other] for other in municipalities])
            for name in municipalities
        ],
        "net": [
            {"library": lib, **net[lib.pk], "net": net[lib.pk]["in"] - net[lib.pk]["out"]}
            for lib in used
        ],
        "unmapped": sorted(unmapped.items()),
    }


def _municipality_name(library):
    return library.municipality.name if library.municipality else _("Regionen")


BACK_AND_FORTH = """
WITH ordered AS (
    SELECT itemnumber, biblionumber, title, from_branch, to_branch, date,
           LAG(from_branch) OVER w AS prev_from,
           LAG(to_branch) OVER w AS prev_to,
           LAG(date) OVER w AS prev_date
    FROM samverkan_transfer
    WHERE region_id = %(region)s AND date BETWEEN %(start)s AND %(end)s
      AND cancelled IS NULL {reason}
    WINDOW w AS (PARTITION BY itemnumber ORDER BY date, key)
), trips AS (
    SELECT itemnumber, biblionumber, NULLIF(title, '') AS title,
           COALESCE(biblionumber::text, NULLIF(title, '')) AS work,
           to_branch AS a, from_branch AS b
    FROM ordered
    WHERE prev_from = to_branch AND prev_to = from_branch AND from_branch <> to_branch
      AND date - prev_date <= %(days)s
)
"""


def back_and_forth(region, start, end, days, reason="", top=20):
    """Items and titles sent A → B and back B → A within `days` days: per library pair,
    in total, and the titles that travel most (an item without a title or title id in the
    file: the item); one query (one pass over the transfers) whatever the amount of data.
    `untitled`: the items without a title or title id, which no title count holds."""
    params = {"region": region.pk, "start": start, "end": end, "days": days, "reason": reason}
    cte = BACK_AND_FORTH.format(reason="AND reason = %(reason)s" if reason else "")
    with connection.cursor() as cursor:
        cursor.execute(
            cte
            + """
            , pairs AS (
                SELECT 'pair' AS kind, a, b, NULL AS title, COUNT(*) AS n,
                       COUNT(DISTINCT itemnumber) AS items, COUNT(DISTINCT work) AS works,
                       COUNT(DISTINCT itemnumber) FILTER (WHERE work IS NULL) AS untitled,
                       NULL::bigint AS biblionumber, NULL::bigint AS itemnumber
                FROM trips GROUP BY GROUPING SETS ((a, b), ())
            ), top AS (
                SELECT 'top' AS kind, NULL AS a, NULL AS b, MAX(title) AS title,
                       COUNT(*) AS n, COUNT(DISTINCT itemnumber) AS items, 1 AS works,
                       0 AS untitled, MIN(biblionumber), MIN(itemnumber)
                FROM trips GROUP BY COALESCE(work, '#' || itemnumber)
                ORDER BY 5 DESC, COALESCE(work, '#' || itemnumber) LIMIT %(top)s
            )
            SELECT * FROM pairs UNION ALL SELECT * FROM top
            """,
            {**params, "top": top},
        )
        rows = cursor.fetchall()
    libraries = branch_map(region)
    # (a, b, trips, items, titles, untitled); a None for the totals
    pairs = sorted((row[1:3] + row[4:8] for row in rows if row[0] == "pair"), key=lambda r: -r[2])
    total = next((row[2:] for row in pairs if row[0] is None), (0, 0, 0, 0))
    titles = [
        {"title": _title(title, biblionumber, itemnumber), "trips": n, "items": items}
        for kind, _a, _b, title, n, items, _w, _u, biblionumber, itemnumber in rows
        if kind == "top"
    ]
    return {
        "trips": total[0],
        "items": total[1],
        "titles": total[2],
        "untitled": total[3],
        "pairs": [
            {
                "a": libraries.get(a, a),
                "b": libraries.get(b, b),
                "trips": n,
                "items": items,
                "titles": works,
            }
            for a, b, n, items, works, _untitled in pairs
            if a is not None
        ],
        "top": sorted(titles, key=lambda row: (-row["trips"], row["title"])),
    }


def _title(title, biblionumber, itemnumber):
    if title:
        return title
    if biblionumber:
        return _("Titel-id %(id)s") % {"id": biblionumber}
    return _("Exemplar %(n)s") % {"n": itemnumber}


def reasons(region):
    return list(
        Transfer.objects.filter(region=region)
        .exclude(reason="")
        .values_list("reason", flat=True)
        .distinct()
        .order_by("reason")
    )


def default_period(region):
    """The last twelve months that have transfers (or the current year)."""
    last = (
        Transfer.objects.filter(region=region).order_by("-date").values_list("date", flat=True)
    ).first() or timezone.localdate()
    return last - timedelta(days=364), last
