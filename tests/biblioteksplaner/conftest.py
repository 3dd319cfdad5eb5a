import datetime

import pytest

from biblioteksplaner import services
from biblioteksplaner.choices import AdoptingBody
from biblioteksplaner.models import LibraryPlan, Report, SurveyRound

from ..factories import make_pdf

D = datetime.date
PDF = make_pdf()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_plan(owner, start, end, title="Biblioteksplan", region=None, **extra):
    """A plan of a municipality, or of the region when `owner` is a Region."""
    is_region = owner.__class__.__name__ == "Region"
    return LibraryPlan.objects.create(
        region=owner if is_region else owner.region,
        municipality=None if is_region else owner,
        title=title,
        adopted_by=AdoptingBody.MUNICIPAL_COUNCIL,
        decision_date=extra.pop("decision_date", start),
        start=start,
        end=end,
        **extra,
    )


@pytest.fixture
def survey_round(region, vasteras, koping):
    return services.open_round(
        SurveyRound(region=region, title="Uppföljning 2019", year=2019, deadline=D(2019, 10, 31))
    )


@pytest.fixture
def koping_report(survey_round, koping):
    return Report.objects.get(round=survey_round, municipality=koping)


@pytest.fixture
def vasteras_report(survey_round, vasteras):
    return Report.objects.get(round=survey_round, municipality=vasteras)
