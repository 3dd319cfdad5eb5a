"""0 axe violations on every samverkan page, the filters' errors, and the Koha upload
followed to the end in the browser."""

from datetime import date

import pytest
from django.urls import reverse

from samverkan.models import LendingRuleSet, Transfer, TransferImport
from tests.builders import csv_bytes, import_bytes, make_libraries, worker_process
from tests.samverkan.test_pages import PAGES
from tests.samverkan.test_pages import cooperation as cooperation  # noqa: F401 (fixture)

from .conftest import axe_violations


@pytest.fixture(autouse=True)
def static_files_found(settings):
    """The live server serves static files through the finders, which do not know the
    manifest's hashed names (a 404 for every stylesheet and script with DEBUG=False): use
    the plain names, so that the pages are checked with their CSS and the upload page's
    script runs."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def libraries(region, vasteras, koping):
    return make_libraries(region, vasteras, koping)


@pytest.mark.parametrize("name", PAGES)
def test_pages_for_library_head(page, log_in, head_user, cooperation, name):
    log_in(head_user)
    page.goto(reverse(name))
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_filter_errors_next_to_the_field(page, log_in, head_user, cooperation):
    log_in(head_user)
    page.goto(reverse("samverkan:back-and-forth"))
    page.fill("#id_start", "2019-06-01")
    page.fill("#id_end", "2019-01-01")
    page.fill("#id_days", "0")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert (
        page.locator("#id_end_error").first.inner_text()
        == "Slutdatum får inte vara före startdatum."
    )
    assert page.locator("#id_days_error").first.inner_text() == "Ange minst 1 dag."
    assert page.input_value("#id_start") == "2019-06-01"
    assert axe_violations(page) == []


def test_import_report_page(page, log_in, staff_user, region, libraries):
    run = import_bytes(region, csv_bytes(["1,x,1,T,2019-01-01,2019-01-01,VAS,,,ZZZ,,R"]))
    log_in(staff_user)
    page.goto(reverse("samverkan:import", args=[run.pk]))
    assert "itemnumber är inte ett heltal" in page.content()
    assert axe_violations(page) == []


def test_a_failed_import_is_started_again(page, log_in, staff_user, region, libraries):
    from django.core.files.uploadedfile import SimpleUploadedFile

    run = TransferImport.objects.create(
        region=region,
        file=SimpleUploadedFile("t.csv", csv_bytes(["1,1,1,T,2019-01-01,2019-01-01,VAS,,,KOP,,R"])),
        file_name="t.csv",
        status="failed",
    )
    log_in(staff_user)
    page.goto(reverse("samverkan:import", args=[run.pk]))
    assert axe_violations(page) == []
    with worker_process():
        page.get_by_role("button", name="Starta importen igen").click()
        page.get_by_text("Nya överföringar").wait_for()  # imported by the worker, reloaded
    assert "Starta importen igen" not in page.content()
    assert axe_violations(page) == []
    assert Transfer.objects.filter(region=region).count() == 1


def test_upload_in_the_admin_and_follow_the_progress(page, log_in, staff_user, libraries, tmp_path):
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    lines = [
        f"{i},{i},1,T,2019-01-0{1 + i % 9},2019-01-0{1 + i % 9},VAS,,,KOP,,R" for i in range(1, 400)
    ]
    path = tmp_path / "branchtransfers.csv"
    path.write_bytes(csv_bytes([*lines, "999,y,1,T,2019-01-01,2019-01-01,VAS,,,KOP,,R"]))
    log_in(staff_user)
    page.goto(reverse("admin:samverkan_transferimport_add"))
    assert axe_violations(page) == []
    page.set_input_files("#id_file", str(path))
    with worker_process():
        with page.expect_navigation():
            page.click("input[name=_save]")
        page.wait_for_selector("text=Nya överföringar", timeout=20_000)
    assert "Klar: 400 rader lästa, 399 nya, 1 felaktiga." in page.content()
    row = page.locator("tr", has_text="itemnumber är inte ett heltal: ”y”.")
    assert row.locator("td").first.inner_text() == "401"
    assert axe_violations(page) == []
    assert Transfer.objects.count() == 399
    assert TransferImport.objects.get().status == "done"
    assert failed == []


def test_rule_set_date_clash_in_the_admin(page, log_in, staff_user, region):
    LendingRuleSet.objects.create(region=region, name="2019", effective_from=date(2019, 3, 4))
    log_in(staff_user)
    page.goto(reverse("admin:samverkan_lendingruleset_add"))
    page.select_option("#id_region", str(region.pk))
    page.fill("#id_name", "Nya regler")
    page.fill("#id_effective_from", "2019-03-04")
    with page.expect_navigation():
        page.click("input[name=_save]")
    errors = page.locator(".errorlist").all_inner_texts()
    assert "En annan uppsättning låneregler träder redan i kraft det datumet." in errors
    assert page.input_value("#id_name") == "Nya regler"
    assert axe_violations(page) == []
