"""Fixtures for the library-plan tests."""

import datetime

import pytest

from biblioteksplaner import services
from biblioteksplaner.models import Report, SurveyRound


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def survey_round(region, vasteras, koping):
    return services.open_round(
        SurveyRound(
            region=region, title="Uppföljning 2019", year=2019, deadline=datetime.date(2019, 10, 31)
        )
    )


@pytest.fixture
def koping_report(survey_round, koping):
    return Report.objects.get(round=survey_round, municipality=koping)


@pytest.fixture
def vasteras_report(survey_round, vasteras):
    return Report.objects.get(round=survey_round, municipality=vasteras)
