"""0 axe violations on the admin pages of setting up a region: the index's set-up list, the
confirmation of copying a year's frame (and its refusal), the form of copying a
self-assessment round, and an object's history."""

from datetime import date

from biblioteksportal.choices import Role
from biblioteksportal.models import Activity

from ..builders import make_frame, make_library, make_round, make_user
from .conftest import axe_violations


def test_the_set_up_pages_have_no_violations(page, log_in, region, vasteras, koping):
    make_library(vasteras)
    year = make_frame(region, 2019, municipalities=[vasteras])
    later = make_frame(region, 2020)
    make_round(region)
    make_round(region, name="Våren 2019", held=date(2019, 4, 1))
    log_in(make_user("regional", Role.REGIONAL_STAFF, region, is_staff=True))
    found = []

    def check(url=None):
        if url:
            assert page.goto(url).status == 200, url
        found.extend(f"{page.url} {violation}" for violation in axe_violations(page))

    check("/admin/")
    assert page.locator("#setup-steps").is_visible()
    check(f"/admin/biblioteksportal/year/{later.pk}/kopiera/")  # 2021 is missing
    check(f"/admin/biblioteksportal/year/{year.pk}/kopiera/")  # refused: 2020 has a frame
    assert page.locator(".errornote").is_visible()
    activity = Activity.objects.filter(parent=None).first()
    check(f"/admin/biblioteksportal/activity/{activity.pk}/history/")

    page.goto("/admin/kompetens/assessmentround/")
    page.locator("input[name=_selected_action]").first.check()
    page.select_option("select[name=action]", "copy_round")
    page.click("button[name=index]")
    page.fill("#id_name", "Hösten 2018")  # the round's own name: refused at the field
    page.fill("#id_held", "2019-11-14")
    page.click("input[name=copy]")
    assert page.locator(".errorlist").is_visible()
    check()
    assert found == []
