"""A municipality's library-plan status as of a date: computed from the records, never stored."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings

from .choices import PlanStatus

SYMBOLS = {
    PlanStatus.CURRENT: "✓",
    PlanStatus.EXPIRING: "◐",
    PlanStatus.EXPIRED: "✗",
    PlanStatus.MISSING: "–",
    PlanStatus.DRAFTING: "✎",
}


def window_months():
    """How long before its end a plan counts as expiring (setting, default 12 months)."""
    return getattr(settings, "BIBLIOTEKSPLANER_WINDOW_MONTHS", 12)


@dataclass
class Status:
    code: PlanStatus
    plan: object = None  # the plan in force, or the last one that ended
    expected: datetime.date | None = None  # when a plan being drafted is expected

    @property
    def label(self):
        return self.code.label

    @property
    def symbol(self):
        return SYMBOLS[self.code]


def plan_status(plans, on, report=None, window=None):
    """The status on the date `on` of an owner's adopted `plans`.

    gällande: a plan covers the date; går ut: that plan, and any plans adopted to follow it
    without a gap, end within `window` months of it;
    utgången: plans ended before it; saknas: none in force and none ended. When there is no
    plan in force and the `report` (the latest approved one given by `on`) says a new plan
    is being drafted, the status is under arbete, with the expected adoption date, until a
    newer plan has started.
    """
    window = window_months() if window is None else window
    in_force = [p for p in plans if p.start <= on <= p.end]
    if in_force:
        plan = max(in_force, key=lambda p: p.end)
        if covered_until(plans, plan.end) < on + relativedelta(months=window):
            return Status(PlanStatus.EXPIRING, plan)
        return Status(PlanStatus.CURRENT, plan)
    ended = [p for p in plans if p.end < on]
    last = max(ended, key=lambda p: p.end) if ended else None
    if drafting(plans, on, report):
        return Status(PlanStatus.DRAFTING, last, report.expected_adoption)
    return Status(PlanStatus.EXPIRED if last else PlanStatus.MISSING, last)


def drafting(plans, on, report):
    """True if the `report`, the latest approved answer given on or before `on`, says a new
    plan is being drafted and no plan has started since the answer was given."""
    return bool(
        report
        and report.drafting
        and not any(report.submitted < plan.start <= on for plan in plans)
    )


def covered_until(plans, end):
    """The last day of unbroken coverage from `end` on, through plans that follow it."""
    for plan in sorted(plans, key=lambda p: p.start):
        if plan.start <= end + datetime.timedelta(days=1) and plan.end > end:
            end = plan.end
    return end


def kb_counts_as_current(plans, year):
    """Kungliga biblioteket's rule: a plan counts as current for a year if it covers some of
    the year, or ended at most two years before it."""
    return any(p.start.year <= year and p.end.year >= year - 2 for p in plans)


def grant_eligible(plans, on, report=None):
    """The rule of the kind Stärkta bibliotek used: an adopted plan in force on the date, or a
    decision to draft one that still counts (see `drafting`)."""
    return any(p.start <= on <= p.end for p in plans) or drafting(plans, on, report)


def lacks_plan_in(plans, year):
    """True if some day of the year is covered by no adopted plan."""
    day = datetime.date(year, 1, 1)
    last = datetime.date(year, 12, 31)
    for plan in sorted(plans, key=lambda p: p.start):
        if plan.start > day:
            break
        if plan.end >= day:
            day = plan.end + datetime.timedelta(days=1)
        if day > last:
            return False
    return True
