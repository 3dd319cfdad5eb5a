"""The core pages for each role, their query counts, and the Swedish error pages."""

import pytest
from django.urls import reverse

from biblioteksportal.choices import AreaApp
from biblioteksportal.models import AreaYear, IntroSection, MailLog, Region

from .builders import PASSWORD, grow_area_year, make_frame
from .conftest import assert_queries_constant, login


@pytest.fixture
def frame(region, vasteras, koping):
    return make_frame(region, municipalities=[vasteras, koping])


def status(client, url):
    return client.get(url).status_code


def test_home_per_role(role_clients, frame):
    url = reverse("home")
    assert "Välj region" in role_clients["anonymous"].get(url).text  # tests/test_public_crawl.py
    assert "Verksamhetsår 2019" in role_clients["staff"].get(url).text
    assert "Verksamhetsår 2019" in role_clients["head"].get(url).text
    reporter_page = role_clients["reporter"].get(url).text
    assert "Kommunrapportör" in reporter_page and "Verksamhetsår 2019" not in reporter_page


def test_year_page_per_role(role_clients, frame):
    url = reverse("year", args=[2019])
    assert role_clients["anonymous"].get(url)["Location"].startswith(reverse("login"))
    assert status(role_clients["reporter"], url) == 403
    for role in ("head", "staff"):
        page = role_clients[role].get(url).text
        for app in AreaApp:
            assert str(app.label) in page
        assert "Aktivitet 0" in page and "Delaktivitet 0" in page
        assert "Uppskjuten" in page and "Ingen personalkapacitet." in page
        assert "Utfall för Bibliotekssamverkan." in page


def test_year_of_another_region_is_404(role_clients, frame):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    make_frame(other, year=2020)
    assert status(role_clients["head"], reverse("year", args=[2020])) == 404
    assert status(role_clients["staff"], reverse("year", args=[2020])) == 404


def test_year_page_query_count_does_not_grow(role_clients, frame):
    def grow():
        for area_year in AreaYear.objects.all():
            grow_area_year(area_year, 9)

    count = assert_queries_constant(role_clients["head"], reverse("year", args=[2019]), grow)
    assert count == 12  # the year itself, then its whole frame; the cache key


def test_about_page_is_public(role_clients, region):
    IntroSection.objects.create(region=region, number="1.1", title="Vision", body="Livskraft.")
    url = reverse("about-index")
    response = role_clients["anonymous"].get(url)
    assert response.status_code == 302 and response["Location"] == "/om/vastmanland/"
    for role in ("anonymous", "reporter", "head", "staff"):
        page = role_clients[role].get("/om/vastmanland/").text
        assert "1.1 Vision" in page and "Livskraft." in page


def test_about_page_query_count_does_not_grow(client, region):
    def grow():
        for i in range(10):
            IntroSection.objects.create(region=region, number=f"9.{i}", title="T", body="B")

    IntroSection.objects.create(region=region, number="1", title="Inledning", body="Text")
    assert assert_queries_constant(client, "/om/vastmanland/", grow) == 2


def test_home_query_count_does_not_grow(role_clients, frame, region):
    from biblioteksportal.models import Year

    def grow():
        for year in range(2010, 2019):
            Year.objects.create(region=region, year=year)

    assert assert_queries_constant(role_clients["head"], reverse("home"), grow) == 4


def test_login_page_is_swedish_and_keeps_the_username(client, staff_user):
    page = client.get(reverse("login")).text
    assert '<html lang="sv">' in page and "Logga in" in page
    response = client.post(reverse("login"), {"username": "regional", "password": "fel"})
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.text
    assert 'value="regional"' in response.text


def test_login_and_logout(client, staff_user):
    response = client.post(reverse("login"), {"username": "regional", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home"))["Location"].startswith("/konto/tvafaktor/")  # staff
    assert client.post(reverse("logout")).status_code == 302
    assert "Välj region" in client.get(reverse("home")).text


def test_password_change_and_reset(client, staff_user, mailoutbox, run_jobs):
    login(client, staff_user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "fel", "new_password1": "x", "new_password2": "y"},
    )
    assert "Ditt gamla lösenord var felaktigt" in response.text
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Ett-nytt-långt-lösen-7",
            "new_password2": "Ett-nytt-långt-lösen-7",
        },
    )
    assert response.status_code == 302
    client.logout()
    response = client.post(reverse("password_reset"), {"email": "regional@example.org"})
    run_jobs()  # a worker sends the mail
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Nytt lösenord till biblioteksportalen"
    assert "/konto/reset/" in mailoutbox[0].body
    # logged, and signed by the user's region
    log = MailLog.objects.get()
    assert (log.kind, log.recipient, log.region, log.status) == (
        "password_reset",
        "regional@example.org",
        staff_user.profile.region,
        "sent",
    )
    assert mailoutbox[0].body.endswith("-- \nRegion Västmanland\n")


def test_unknown_url_gets_swedish_404(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.text


def test_server_error_is_swedish_without_traceback(client, settings):
    from django.urls import path

    def broken(request):
        raise RuntimeError("hemligt internt fel")

    settings.ROOT_URLCONF = type("urls", (), {"urlpatterns": [path("fel/", broken)]})
    client.raise_request_exception = False
    response = client.get("/fel/")
    assert response.status_code == 500
    assert "Tekniskt fel" in response.text and "hemligt" not in response.text


def test_english_is_available(client, staff_user):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("login")).text
    assert '<html lang="en">' in page and "Log in" in page


def test_year_activities_download_as_csv_and_excel(role_clients, frame):
    import csv
    from io import BytesIO, StringIO

    from openpyxl import load_workbook

    url = reverse("year", args=[2019])
    response = role_clients["head"].get(url + "?format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="aktiviteter-2019.csv"'
    rows = list(csv.reader(StringIO(response.content.decode())))
    assert rows[0][:4] == ["Område", "Aktivitet", "Del av", "Status"]
    assert ["Bibliotekssamverkan", "Delaktivitet 0", "Aktivitet 0", "Uppskjuten"] in [
        row[:4] for row in rows
    ]
    assert len(rows) == 1 + 2 * len(AreaApp)
    response = role_clients["head"].get(url + "?format=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][1] == "Aktivitet" and len(values) == len(rows)
    assert role_clients["reporter"].get(url + "?format=csv").status_code == 403


def test_swedish_whatever_the_browser_asks_for(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").text
    assert '<html lang="sv">' in page and "Logga in" in page
