"""0 axe violations on the follow-up's pages: the indicator dashboard, a round, its entry
forms (also with errors), its period report and the activities' file."""

from datetime import date

import pytest

from biblioteksportal.followup.models import Indicator, Round, Target, Value

from ..builders import make_frame
from .conftest import axe_violations


@pytest.fixture
def round_(region, vasteras, koping):
    year = make_frame(region, municipalities=[vasteras])
    area = year.area_years.first().area
    t1 = Round.objects.create(year=year, kind="tertial", number=1, deadline=date(2019, 5, 15))
    whole = Round.objects.create(year=year, kind="year", number=1, deadline=date(2020, 1, 31))
    visits = Indicator.objects.create(
        region=region, area=area, key="besok", name="Besök", unit="st", rollup="sum"
    )
    Target.objects.create(indicator=visits, round=whole, value=1000)
    Value.objects.create(indicator=visits, round=t1, municipality=vasteras, value=400)
    Value.objects.create(indicator=visits, round=whole, value=1250, comment="Fler än väntat.")
    return t1


@pytest.mark.parametrize(
    "path",
    [
        "2019/",
        "2019/?kommun=1980",
        "2019/?kommun=9999",  # the filter's error at the field
        "omgang/{pk}/",
        "omgang/{pk}/kommun/1980/",
        "omgang/{pk}/aktiviteter/",
        "omgang/{pk}/rapport/",
        "2019/aktiviteter/",
    ],
)
def test_follow_up_pages_for_staff(page, log_in, staff_user, round_, path):
    log_in(staff_user)
    page.goto("/uppfoljning/" + path.format(pk=round_.pk))
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_the_entry_form_with_an_error(page, log_in, head_user, round_):
    log_in(head_user)
    page.goto(f"/uppfoljning/omgang/{round_.pk}/kommun/1980/")
    assert axe_violations(page) == []
    field = page.locator("main input[type=text], main input[inputmode]").first
    field.fill("många")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "Fyll i ett tal." in page.content()
    assert axe_violations(page) == []
