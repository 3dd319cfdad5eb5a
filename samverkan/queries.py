"""The app's reads: the pages' querysets and the floating-collection analytics (aggregated
in SQL)."""

from collections import defaultdict
from datetime import timedelta

from django.db import connection
from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from biblioteksportal.models import Library, Municipality

from .choices import RolloutStatus, RuleKind, SignatureStatus, VersionStatus, Weekday
from .models import (
    AgreementParty,
    AgreementVersion,
    BranchCode,
    Decision,
    LendingRule,
    LendingRuleSet,
    Meeting,
    Membership,
    Route,
    SharedSystem,
    Stop,
    Transfer,
    TransferSummary,
    TransferVersion,
    WorkGroup,
)

# --- Agreement ------------------------------------------------------------------------------


def agreements(user):
    """The agreement versions the user sees, newest first, with their parties."""
    parties = AgreementParty.objects.select_related("municipality").order_by(
        F("municipality__name").asc(nulls_first=True)
    )
    return (
        AgreementVersion.objects.for_user(user)
        .select_related("region")
        .prefetch_related(Prefetch("parties", queryset=parties))
        .order_by("-created")
    )


def current_agreement(versions):
    """The newest version that is not superseded (final before draft)."""
    live = [v for v in versions if v.status != VersionStatus.SUPERSEDED]
    finals = [v for v in live if v.status == VersionStatus.FINAL]
    return (finals or live or [None])[0]


def region_agreement(region):
    """The region's current agreement, with its parties."""
    parties = AgreementParty.objects.select_related("municipality")
    versions = AgreementVersion.objects.filter(region=region).prefetch_related(
        Prefetch("parties", queryset=parties)
    )
    return current_agreement(list(versions.order_by("-created")))


def signature_summary(parties):
    """How many have signed, and the parties whose signature is missing and those that have
    declined."""
    signed = [p for p in parties if p.status == SignatureStatus.SIGNED]
    declined = [p for p in parties if p.status == SignatureStatus.DECLINED]
    missing = [p for p in parties if p.status in (SignatureStatus.NOT_SENT, SignatureStatus.SENT)]
    return {"signed": len(signed), "total": len(parties), "missing": missing, "declined": declined}


# --- Work groups ----------------------------------------------------------------------------


def work_groups(user, today):
    """The user's work groups with members, meetings and decisions; each with its `current`
    and `former` members and whether it is `active` on `today`."""
    members = Membership.objects.select_related("person", "municipality")
    decisions = Decision.objects.prefetch_related("activities")
    meetings = Meeting.objects.prefetch_related(Prefetch("decisions", queryset=decisions))
    groups = list(
        WorkGroup.objects.for_user(user).prefetch_related(
            Prefetch("members", queryset=members),
            Prefetch("meetings", queryset=meetings),
        )
    )
    for group in groups:
        everyone = list(group.members.all())
        group.current = [m for m in everyone if m.start <= today and (not m.end or m.end >= today)]
        group.former = [m for m in everyone if m.end and m.end < today]
        group.active = not group.end or group.end >= today
    return groups


def group_names(region, start, end):
    """The names of the region's work groups active in the period."""
    return list(
        WorkGroup.objects.filter(region=region, start__lte=end)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .values_list("name", flat=True)
    )


# --- Shared systems -------------------------------------------------------------------------


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


def system_matrix(region):
    """(the region's municipalities, a row per shared system: {system, cells (its rollout per
    municipality or None), live (how many are live)})."""
    municipalities = list(Municipality.objects.filter(region=region).order_by("name"))
    systems = SharedSystem.objects.filter(region=region).prefetch_related("rollouts")
    rows = []
    for system in systems:
        by_municipality = {r.municipality_id: r for r in system.rollouts.all()}
        cells = [by_municipality.get(m.pk) for m in municipalities]
        live = sum(1 for c in cells if c and c.status == RolloutStatus.LIVE)
        rows.append({"system": system, "cells": cells, "live": live})
    return municipalities, rows


# --- Lending rules --------------------------------------------------------------------------


def rule_sets(user):
    """The user's lending rule sets, newest first, with their rules."""
    rules = LendingRule.objects.order_by("kind", "media_type")
    return list(
        LendingRuleSet.objects.for_user(user).prefetch_related(Prefetch("rules", queryset=rules))
    )


def rule_diff(old, new):
    """(rule label, media type, old value, new value) for every rule that differs."""
    labels = dict(RuleKind.choices)
    before = {(r.kind, r.media_type): r.value for r in old.rules.all()}
    after = {(r.kind, r.media_type): r.value for r in new.rules.all()}
    order = list(RuleKind.values)
    keys = sorted(before.keys() | after.keys(), key=lambda k: (order.index(k[0]), k[1]))
    return [
        (labels[kind], media, before.get((kind, media)), after.get((kind, media)))
        for kind, media in keys
        if before.get((kind, media)) != after.get((kind, media))
    ]


# --- Transports -----------------------------------------------------------------------------


def transports(user, today):
    """(the routes in force on `today`, a row per library: {library, visits [(route, stop)],
    days (the weekdays' names)})."""
    stops = Stop.objects.select_related("library")
    routes = list(
        Route.objects.for_user(user)
        .filter(start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .prefetch_related(Prefetch("stops", queryset=stops))
    )
    served = defaultdict(list)
    for route in routes:
        for stop in route.stops.all():
            if stop.library_id:
                served[stop.library_id].append((route, stop))
    labels = dict(Weekday.choices)
    libraries = []
    for library in Library.objects.for_user(user).select_related("municipality"):
        visits = served.get(library.pk, [])
        days = sorted({day for route, _stop in visits for day in route.weekdays})
        libraries.append({"library": library, "visits": visits, "days": [labels[d] for d in days]})
    return routes, libraries


# --- Floating collection --------------------------------------------------------------------


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


def branch_map(region):
    """{Koha code: library}, libraries with their municipality."""
    codes = BranchCode.objects.filter(region=region).select_related("library__municipality")
    return {code.code: code.library for code in codes}


def summarized(region):
    """Whether the region's summaries are as new as its transfers (what READY asks in SQL)."""
    return TransferSummary.objects.filter(
        region=region, version__in=TransferVersion.objects.filter(region=region).values("number")
    ).exists()


# The summaries are read while they are as new as the region's transfers (models.py); this
# condition is an initplan, so the scan of whichever side it excludes never runs.
READY = """EXISTS (
    SELECT 1 FROM samverkan_transfersummary s JOIN samverkan_transferversion v
    ON v.region_id = s.region_id AND v.number = s.version WHERE s.region_id = %(region)s
)"""

# The rows of TransferCount from the transfers (`where`: which): the days' (`month` false),
# or with `months` also the months'.
COUNTS = """
SELECT region_id, {month} AS month, {date} AS date, reason, from_branch, to_branch,
       cancellation_reason, COUNT(*) AS transfers, COUNT(cancelled) AS cancelled,
       COUNT(*) FILTER (WHERE arrived IS NULL AND cancelled IS NULL) AS unfinished
FROM samverkan_transfer WHERE {where}
GROUP BY {groups}
"""
KEY = "region_id, {}, reason, from_branch, to_branch, cancellation_reason"
MONTH = "date_trunc('month', date)::date"


def counts_sql(where, months=False):
    if not months:
        return COUNTS.format(month="false", date="date", where=where, groups=KEY.format("date"))
    return COUNTS.format(
        month="GROUPING(date) = 1",
        date=f"COALESCE(date, {MONTH})",
        where=where,
        groups=f"GROUPING SETS (({KEY.format('date')}), ({KEY.format(MONTH)}))",
    )


# The summaries' rows of a period while they are fresh: the counts of its whole months, and
# of the days around them (parameters: `period`).
SUMMARISED = f"""
    FROM samverkan_transfercount
    WHERE {READY} AND region_id = %(region)s
      AND (month AND date >= %(first_month)s AND date < %(after_months)s
           OR NOT month AND date BETWEEN %(start)s AND %(end)s
              AND NOT (date >= %(first_month)s AND date < %(after_months)s))
"""


def period(region, start, end):
    """The query parameters of the region's period from `start` to `end` (SUMMARISED)."""
    first_month = start if start.day == 1 else (start.replace(day=1) + timedelta(days=31))
    return {
        "region": region.pk,
        "start": start,
        "end": end,
        "first_month": first_month.replace(day=1),
        "after_months": (end + timedelta(days=1)).replace(day=1),
    }


FLOATING = """
WITH counts AS (
    SELECT date, from_branch, to_branch, cancellation_reason, transfers, cancelled, unfinished
    {summarised} {reason}
    UNION ALL
    SELECT date, from_branch, to_branch, cancellation_reason, transfers, cancelled, unfinished
    FROM ({live}) AS live
)
SELECT GROUPING(month, from_branch, to_branch, cancellation_reason), month, from_branch,
       to_branch, cancellation_reason, SUM(transfers)::bigint, SUM(cancelled)::bigint,
       SUM(unfinished)::bigint
FROM (SELECT date_trunc('month', date)::date AS month, * FROM counts) AS counts
GROUP BY GROUPING SETS ((month), (from_branch, to_branch), (cancellation_reason))
ORDER BY 1, month, CASE WHEN GROUPING(cancellation_reason) = 0 THEN -SUM(cancelled) END,
         cancellation_reason
"""


def floating(region, start, end, reason=""):
    """(transfers per month, cancelled transfers per cancellation reason, the transfers
    per branch pair) in the period, in one query: from the summaries if they are fresh (the
    period's whole months from the months' counts, the days around them from the days'),
    else from the transfers."""
    params = {**period(region, start, end), "reason": reason}
    where = "region_id = %(region)s AND date BETWEEN %(start)s AND %(end)s"
    only = "AND reason = %(reason)s" if reason else ""
    live = counts_sql(f"NOT {READY} AND {where} {only}")
    sql = FLOATING.format(summarised=SUMMARISED, reason=only, live=live)
    months, cancellations, pairs = [], [], []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for grouping, month, source, target, cause, n, cancelled, unfinished in cursor:
            counts = {"cancelled_n": cancelled, "unfinished_n": unfinished}
            if grouping == 0b0111:
                months.append({"month": month, "total": n, **counts})
            elif grouping == 0b1001:
                pair = {"from_branch": source, "to_branch": target, "total": n - cancelled}
                pairs.append({**pair, **counts})
            elif cancelled:
                cancellations.append({"cancellation_reason": cause, "n": cancelled})
    return months, cancellations, pairs


def flows(pairs, region):
    """The from → to matrices per library and per municipality, each library's net inflow,
    and cancelled and unfinished transfers per sending library, from `floating`'s pairs."""
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


NET_FLOWS = f"""
WITH pairs AS (
    SELECT from_branch, to_branch, transfers - cancelled AS n {SUMMARISED}
    UNION ALL
    SELECT from_branch, to_branch, COUNT(*) FROM samverkan_transfer
    WHERE NOT {READY} AND region_id = %(region)s AND date BETWEEN %(start)s AND %(end)s
      AND cancelled IS NULL
    GROUP BY from_branch, to_branch
), counts AS (
    SELECT f.library_id AS source, t.library_id AS target, SUM(x.n) AS n
    FROM pairs x
    JOIN samverkan_branchcode f ON f.region_id = %(region)s AND f.code = x.from_branch
    JOIN samverkan_branchcode t ON t.region_id = %(region)s AND t.code = x.to_branch
    WHERE f.library_id <> t.library_id
    GROUP BY GROUPING SETS ((f.library_id), (t.library_id))
)
SELECT l.name, COALESCE(received.n, 0), COALESCE(sent.n, 0)
FROM biblioteksportal_library l
LEFT JOIN counts received ON received.target = l.id AND received.source IS NULL
LEFT JOIN counts sent ON sent.source = l.id AND sent.target IS NULL
WHERE l.id IN (SELECT library_id FROM samverkan_branchcode WHERE region_id = %(region)s)
  {{municipality}}
ORDER BY l.name, l.id
"""


def net_flows(region, start, end, municipality=None):
    """Each library with a Koha branch code (of the municipality, if given): the items it
    received from and sent to other libraries in the period, not counting cancelled
    transfers; aggregated in SQL, in one query, as `flows` counts them: from the summaries if
    they are fresh, else from the transfers."""
    sql = NET_FLOWS.format(municipality="AND l.municipality_id = %(m)s" if municipality else "")
    params = {**period(region, start, end), "m": getattr(municipality, "pk", 0)}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [{"name": name, "in": n_in, "out": n_out} for name, n_in, n_out in cursor]


# The rows of Trip from the transfers (`where`: which): the transfer before is the item's
# last one before, or (`by_reason`) its last one of the same reason.
TRIPS = """
SELECT region_id, reason, days, date, previous, itemnumber, biblionumber, title,
       CASE WHEN work IS NOT NULL THEN DENSE_RANK() OVER (ORDER BY work) END AS work,
       DENSE_RANK() OVER (ORDER BY COALESCE(work, '#' || itemnumber)) AS rank, a, b
FROM (
    SELECT region_id, {reason} AS reason, date - previous AS days, date, previous, itemnumber,
           biblionumber, NULLIF(title, '') AS title,
           COALESCE(biblionumber::text, NULLIF(title, '')) AS work,
           to_branch AS a, from_branch AS b
    FROM (
        SELECT region_id, reason, itemnumber, biblionumber, title, from_branch, to_branch,
               date, LAG(from_branch) OVER w AS prev_from, LAG(to_branch) OVER w AS prev_to,
               LAG(date) OVER w AS previous
        FROM samverkan_transfer
        WHERE cancelled IS NULL AND {where}
        WINDOW w AS (PARTITION BY {partition} ORDER BY date, key)
    ) AS ordered
    WHERE prev_from = to_branch AND prev_to = from_branch AND from_branch <> to_branch
      AND date - previous <= %(days)s
) AS trips
"""


def trips_sql(where, by_reason):
    if by_reason:
        return TRIPS.format(reason="reason", where=where, partition="itemnumber, reason")
    return TRIPS.format(reason="''", where=where, partition="itemnumber")


BACK_AND_FORTH = """
WITH trips AS (
    SELECT itemnumber, biblionumber, title, work, rank, a, b FROM samverkan_trip
    WHERE {ready} AND region_id = %(region)s AND reason = %(reason)s AND days <= %(days)s
      AND date <= %(end)s AND previous >= %(start)s
    UNION ALL
    SELECT itemnumber, biblionumber, title, work, rank, a, b FROM ({live}) AS live
)
"""


def back_and_forth(region, start, end, days, reason="", top=20):
    """Items and titles sent A → B and back B → A within `days` days: per library pair,
    in total, and the titles that travel most (an item without a title or title id in the
    file: the item); one query whatever the amount of data, from the summaries if they are
    fresh, else in one pass over the transfers.
    `untitled`: the items without a title or title id, which no title count holds."""
    params = {"region": region.pk, "start": start, "end": end, "days": days, "reason": reason}
    where = f"NOT {READY} AND region_id = %(region)s AND date BETWEEN %(start)s AND %(end)s"
    live = trips_sql(f"{where} AND reason = %(reason)s" if reason else where, bool(reason))
    cte = BACK_AND_FORTH.format(ready=READY, live=live)
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
                FROM trips WHERE rank IN (  -- the most returned, found by their count alone
                    SELECT rank FROM trips GROUP BY rank ORDER BY COUNT(*) DESC, rank
                    LIMIT %(top)s
                )
                GROUP BY rank
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
    """The reasons of the region's transfers, from the summaries if they are fresh."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT reason FROM samverkan_transfercount
            WHERE {READY} AND region_id = %(region)s AND month AND reason <> ''
            UNION
            SELECT reason FROM samverkan_transfer
            WHERE NOT {READY} AND region_id = %(region)s AND reason <> ''
            ORDER BY reason
            """,
            {"region": region.pk},
        )
        return [reason for (reason,) in cursor]


def default_period(region):
    """The last twelve months that have transfers (or the current year)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT COALESCE(
                (SELECT MAX(date) FROM samverkan_transfercount
                 WHERE {READY} AND region_id = %(region)s AND NOT month),
                (SELECT MAX(date) FROM samverkan_transfer
                 WHERE NOT {READY} AND region_id = %(region)s))
            """,
            {"region": region.pk},
        )
        last = cursor.fetchone()[0] or timezone.localdate()
    return last - timedelta(days=364), last
