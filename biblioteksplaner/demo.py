"""Demo data consistent with the 2019 annual report (5.1.3): the autumn survey, 9 answers of
10 (Arboga did not answer), Köping and Västerås without a valid plan in 2020."""

import datetime

from django.db import transaction

from biblioteksportal.models import Municipality

from . import services
from .choices import AdoptingBody, ReportState
from .models import LibraryPlan, Report, SurveyRound

D = datetime.date
NOTE = "Demodata: påhittad men rimlig plan, inte hämtad från kommunens beslut."
COUNCIL = AdoptingBody.MUNICIPAL_COUNCIL
COMMITTEE = AdoptingBody.COMMITTEE

# code: [(title, body, decision, start, end)], answered, drafting until
PLANS = {
    "1904": (
        [("Biblioteksplan 2018–2021", COUNCIL, D(2017, 11, 20), D(2018, 1, 1), D(2021, 12, 31))],
        None,
    ),
    "1907": (
        [("Biblioteksplan 2017–2020", COUNCIL, D(2016, 12, 12), D(2017, 1, 1), D(2020, 12, 31))],
        None,
    ),
    "1960": (
        [
            ("Biblioteksplan 2014–2017", COUNCIL, D(2013, 12, 9), D(2014, 1, 1), D(2017, 12, 31)),
            ("Biblioteksplan 2020–2023", COUNCIL, D(2019, 12, 16), D(2020, 1, 1), D(2023, 12, 31)),
        ],
        D(2019, 12, 16),
    ),
    "1961": (
        [("Biblioteksplan 2019–2022", COMMITTEE, D(2018, 11, 26), D(2019, 1, 1), D(2022, 12, 31))],
        None,
    ),
    "1962": (
        [
            ("Biblioteksplan 2015–2018", COUNCIL, D(2014, 11, 24), D(2015, 1, 1), D(2018, 12, 31)),
            ("Biblioteksplan 2020–2023", COUNCIL, D(2019, 11, 25), D(2020, 1, 1), D(2023, 12, 31)),
        ],
        D(2019, 11, 25),
    ),
    "1980": (
        [("Biblioteksplan 2015–2019", COUNCIL, D(2014, 12, 4), D(2015, 1, 1), D(2019, 12, 31))],
        D(2020, 12, 31),
    ),
    "1981": (
        [("Biblioteksplan 2016–2019", COUNCIL, D(2016, 5, 30), D(2016, 7, 1), D(2019, 6, 30))],
        None,
    ),
    "1982": (
        [
            ("Biblioteksplan 2013–2016", COUNCIL, D(2013, 5, 27), D(2013, 7, 1), D(2016, 6, 30)),
            ("Biblioteksplan 2020–2022", COUNCIL, D(2019, 12, 9), D(2020, 1, 1), D(2022, 12, 31)),
        ],
        D(2019, 12, 9),
    ),
    "1983": (
        [("Biblioteksplan 2016–2019", COUNCIL, D(2015, 11, 30), D(2016, 1, 1), D(2019, 12, 31))],
        D(2020, 9, 30),
    ),
    "1984": (
        [("Biblioteksplan 2018–2021", COUNCIL, D(2017, 12, 18), D(2018, 1, 1), D(2021, 12, 31))],
        None,
    ),
}
REGION_PLANS = [
    (
        "Regional biblioteksplan 2016–2019",
        AdoptingBody.REGIONAL_COUNCIL,
        D(2015, 11, 24),
        D(2016, 1, 1),
        D(2019, 12, 31),
    ),
    (
        "Regional biblioteksplan 2020–2023",
        AdoptingBody.REGIONAL_COUNCIL,
        D(2019, 11, 26),
        D(2020, 1, 1),
        D(2023, 12, 31),
    ),
]
SALA_EXTENSION = (COUNCIL, D(2019, 4, 29), D(2021, 6, 30))
ROUND = ("Uppföljning av biblioteksplaner 2019", D(2019, 10, 31))
NOT_ANSWERING = "1984"
SUPPORT = "Gemensamt arbete kring biblioteksplanerna inför nästa planperiod."


def _plan(region, municipality, spec):
    title, body, decision, start, end = spec
    plan, created = LibraryPlan.objects.get_or_create(
        region=region,
        municipality=municipality,
        start=start,
        defaults={
            "title": title,
            "adopted_by": body,
            "decision_date": decision,
            "end": end,
            "notes": NOTE,
        },
    )
    return plan, created


@transaction.atomic
def load(region):
    for spec in REGION_PLANS:
        _plan(region, None, spec)
    title, deadline = ROUND
    survey_round = SurveyRound.objects.filter(region=region, title=title).first()
    if survey_round is None:
        survey_round = services.open_round(
            SurveyRound(region=region, title=title, year=2019, deadline=deadline)
        )
    municipalities = {m.code: m for m in Municipality.objects.filter(region=region)}
    for code, (specs, drafting_until) in PLANS.items():
        municipality = municipalities[code]
        plans = []
        for spec in specs:
            plan, created = _plan(region, municipality, spec)
            if created and code == "1981":
                services.extend_plan(plan, *SALA_EXTENSION)
                plan.refresh_from_db()
            plans.append(plan)
        if code == NOT_ANSWERING:
            continue
        in_force = [p for p in plans if p.start <= deadline <= p.end]
        plan = in_force[0] if in_force else None
        Report.objects.update_or_create(
            round=survey_round,
            municipality=municipality,
            defaults={
                "state": ReportState.APPROVED,
                "submitted": deadline,
                "has_plan": plan is not None,
                "plan_title": plan.title if plan else "",
                "adopted_by": plan.adopted_by if plan else "",
                "decision_date": plan.decision_date if plan else None,
                "start": plan.start if plan else None,
                "end": plan.end if plan else None,
                "plan": plan,
                "followed_up": plan is not None,
                "drafting": drafting_until is not None,
                "expected_adoption": drafting_until,
                "comment": NOTE,
                "support_wanted": SUPPORT if drafting_until else "",
            },
        )
