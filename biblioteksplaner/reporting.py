"""The facts of section 5.1.3's outcome, computed from the records."""

from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from biblioteksportal.models import Municipality

from .choices import ANSWERED, PlanStatus
from .models import LibraryPlan, Report, SurveyRound
from .status import lacks_plan_in, plan_status


def report_facts(area_year):
    region = area_year.year.region
    year = area_year.year.year
    municipalities = list(
        Municipality.objects.filter(region=region)
        .order_by("name")
        .prefetch_related(Prefetch("library_plans", queryset=LibraryPlan.objects.all()))
    )
    facts = []
    rounds = SurveyRound.objects.filter(region=region, year=year).prefetch_related(
        Prefetch("reports", queryset=Report.objects.select_related("municipality"))
    )
    for survey_round in rounds:
        reports = list(survey_round.reports.all())
        answered = [r for r in reports if r.state in ANSWERED]
        silent = sorted(str(r.municipality) for r in reports if r.state not in ANSWERED)
        fact = _("%(round)s: %(answered)d av %(total)d kommuner svarade") % {
            "round": survey_round,
            "answered": len(answered),
            "total": len(reports),
        }
        if silent:
            fact += _(" (svarade inte: %s)") % get_text_list(silent, _("och"))
        facts.append(fact + ".")
        on = survey_round.deadline
        plans = {m.pk: list(m.library_plans.all()) for m in municipalities}
        counts = dict.fromkeys(PlanStatus, 0)
        for report in answered:
            counts[plan_status(plans[report.municipality_id], on).code] += 1
        facts.append(
            _(
                "Av de %(answered)d svarande hade %(current)d en gällande biblioteksplan, "
                "%(expiring)d en plan som går ut inom tolv månader, %(expired)d en plan som "
                "hade gått ut och %(missing)d ingen plan (per %(on)s); %(drafting)d arbetade "
                "med en ny plan."
            )
            % {
                "answered": len(answered),
                "current": counts[PlanStatus.CURRENT],
                "expiring": counts[PlanStatus.EXPIRING],
                "expired": counts[PlanStatus.EXPIRED],
                "missing": counts[PlanStatus.MISSING],
                "on": date_format(on, "Y-m-d"),
                "drafting": sum(r.drafting for r in answered),
            }
        )
    lacking = [m.name for m in municipalities if lacks_plan_in(m.library_plans.all(), year + 1)]
    if lacking:
        facts.append(
            ngettext(
                "%(count)d kommun saknar giltig biblioteksplan under hela %(year)d: %(names)s.",
                "%(count)d kommuner saknar giltig biblioteksplan under hela %(year)d: %(names)s.",
                len(lacking),
            )
            % {"count": len(lacking), "year": year + 1, "names": get_text_list(lacking, _("och"))}
        )
    else:
        facts.append(_("Alla kommuner har giltig biblioteksplan under hela %d.") % (year + 1))
    return facts
