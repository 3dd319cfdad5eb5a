"""The one status function at its edges, and the KB and grant rules beside it."""

import datetime

from django.test import override_settings

from biblioteksplaner.choices import PlanStatus
from biblioteksplaner.models import LibraryPlan, Report
from biblioteksplaner.status import (
    grant_eligible,
    kb_counts_as_current,
    lacks_plan_in,
    plan_status,
)

D = datetime.date


def plan(start, end):
    return LibraryPlan(start=start, end=end)


PLAN = plan(D(2016, 1, 1), D(2019, 12, 31))


def code(plans, on, **kw):
    return plan_status(plans, on, **kw).code


def test_missing_when_no_plan_ever():
    assert code([], D(2019, 6, 1)) == PlanStatus.MISSING


def test_current_until_the_window_then_expiring_until_the_last_day_then_expired():
    assert code([PLAN], D(2018, 12, 31)) == PlanStatus.CURRENT
    assert code([PLAN], D(2019, 1, 1)) == PlanStatus.EXPIRING  # ends within 12 months
    assert code([PLAN], D(2019, 12, 31)) == PlanStatus.EXPIRING  # the last valid day
    assert code([PLAN], D(2020, 1, 1)) == PlanStatus.EXPIRED  # the day after
    assert plan_status([PLAN], D(2020, 1, 1)).plan is PLAN


def test_first_valid_day_and_a_plan_not_yet_in_force():
    assert code([PLAN], D(2016, 1, 1)) == PlanStatus.CURRENT
    assert code([PLAN], D(2015, 12, 31)) == PlanStatus.MISSING


def test_window_is_configurable():
    assert code([PLAN], D(2019, 6, 30), window=6) == PlanStatus.CURRENT
    assert code([PLAN], D(2019, 7, 1), window=6) == PlanStatus.EXPIRING
    with override_settings(BIBLIOTEKSPLANER_WINDOW_MONTHS=3):
        assert code([PLAN], D(2019, 9, 30)) == PlanStatus.CURRENT
        assert code([PLAN], D(2019, 10, 1)) == PlanStatus.EXPIRING


def test_a_plan_followed_without_a_gap_is_not_expiring():
    nxt = plan(D(2020, 1, 1), D(2023, 12, 31))
    status = plan_status([PLAN, nxt], D(2019, 6, 1))
    assert status.code == PlanStatus.CURRENT and status.plan is PLAN
    gap = plan(D(2020, 1, 2), D(2023, 12, 31))
    assert code([PLAN, gap], D(2019, 6, 1)) == PlanStatus.EXPIRING


def test_a_following_plan_makes_it_current_again():
    nxt = plan(D(2020, 1, 1), D(2023, 12, 31))
    assert code([PLAN, nxt], D(2020, 1, 1)) == PlanStatus.CURRENT
    assert plan_status([PLAN, nxt], D(2020, 1, 1)).plan is nxt


def test_drafting_replaces_expired_and_missing_with_the_expected_date():
    report = Report(drafting=True, expected_adoption=D(2020, 6, 30), submitted=D(2018, 10, 1))
    status = plan_status([PLAN], D(2020, 1, 1), report)
    assert status.code == PlanStatus.DRAFTING and status.expected == D(2020, 6, 30)
    assert code([], D(2020, 1, 1), report=report) == PlanStatus.DRAFTING
    assert code([PLAN], D(2019, 1, 1), report=report) == PlanStatus.EXPIRING
    assert code([PLAN], D(2020, 1, 1), report=Report(drafting=False)) == PlanStatus.EXPIRED


def test_status_has_text_and_symbol():
    status = plan_status([PLAN], D(2017, 1, 1))
    assert str(status.label) == "Gällande" and status.symbol == "✓"


def test_kb_rule_counts_plans_that_ended_at_most_two_years_before():
    assert kb_counts_as_current([PLAN], 2016)
    assert kb_counts_as_current([PLAN], 2021)  # ended 2019: two years before
    assert not kb_counts_as_current([PLAN], 2022)
    assert not kb_counts_as_current([PLAN], 2015)  # not yet adopted
    assert not kb_counts_as_current([], 2019)


def test_grant_rule_needs_a_plan_in_force_or_a_decision_to_draft_one():
    assert grant_eligible([PLAN], D(2019, 12, 31))
    assert not grant_eligible([PLAN], D(2020, 1, 1))
    assert grant_eligible([PLAN], D(2020, 1, 1), Report(drafting=True, submitted=D(2019, 10, 1)))


def test_drafting_counts_until_a_newer_plan_starts():
    report = Report(drafting=True, expected_adoption=D(2020, 6, 30), submitted=D(2019, 10, 1))
    newer = plan(D(2020, 7, 1), D(2021, 12, 31))
    assert code([PLAN, newer], D(2020, 6, 30), report=report) == PlanStatus.DRAFTING
    assert code([PLAN, newer], D(2022, 1, 1), report=report) == PlanStatus.EXPIRED
    assert not grant_eligible([PLAN, newer], D(2022, 1, 1), report)
    # a plan that started before the answer does not end it
    assert code([PLAN], D(2020, 1, 1), report=report) == PlanStatus.DRAFTING


def test_lacks_plan_in_a_year_with_any_uncovered_day():
    assert lacks_plan_in([PLAN], 2020)
    assert not lacks_plan_in([PLAN], 2019)
    assert lacks_plan_in([plan(D(2016, 1, 1), D(2019, 12, 30))], 2019)
    assert not lacks_plan_in(
        [PLAN, plan(D(2020, 1, 1), D(2020, 6, 30)), plan(D(2020, 7, 1), D(2022, 1, 1))], 2020
    )
    assert lacks_plan_in([plan(D(2020, 1, 2), D(2022, 1, 1))], 2020)
