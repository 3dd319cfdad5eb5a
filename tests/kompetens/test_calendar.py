"""The public calendar: list, month view, event page, and iCalendar files."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from biblioteksportal.models import Organisation, Region
from kompetens.choices import DigComp, EventStatus, RegistrationStatus
from kompetens.models import Registration, Topic

from ..builders import at, make_event, make_library
from ..conftest import assert_queries_constant, download_statuses, downloads, login

SLUG = "vastmanland"  # the region fixture's


@pytest.fixture
def event(region, vasteras):
    event = make_event(region, digcomp=[DigComp.INFORMATION, DigComp.SAFETY], capacity=2)
    event.partners.add(Organisation.objects.create(name="Mikoteket", kind="other"))
    event.topics.add(Topic.objects.create(name="Digital källkritik"))
    return event


def grow(region, vasteras, n=10):
    library = make_library(vasteras, name=f"Bibliotek {Registration.objects.count()}")
    for i in range(n):
        event = make_event(region, days=30 + i % 3, title=f"Extra {i}")
        event.partners.add(Organisation.objects.create(name=f"Partner {event.pk}", kind="other"))
        event.topics.add(Topic.objects.create(name=f"Ämne {event.pk}"))
        Registration.objects.create(
            event=event,
            name="N",
            email=f"n{i}@example.org",
            library=library,
            status=RegistrationStatus.CONFIRMED,
        )


def test_list_and_month_are_public_and_show_events(role_clients, event):
    start = timezone.localtime(event.start)
    month_url = reverse("kompetens:month", args=[SLUG, start.year, start.month])
    for client in role_clients.values():
        page = client.get(reverse("kompetens:events", args=[SLUG]) + f"?ar={start.year}").text
        assert "Digital källkritik" in page and "0 av 2 bokade" in page
        assert "Digital källkritik" in client.get(month_url).text


def test_participants_link_only_for_readers(role_clients, event):
    url = reverse("kompetens:event", args=[event.pk])
    participants = reverse("kompetens:participants", args=[event.pk])
    for role, shown in [("anonymous", False), ("reporter", False), ("head", True), ("staff", True)]:
        assert (participants in role_clients[role].get(url).text) is shown, role


def test_cancelled_event_is_marked(client, event):
    event.status = EventStatus.CANCELLED
    event.save()
    year = timezone.localtime(event.start).year
    assert "Inställd" in client.get(reverse("kompetens:events", args=[SLUG]) + f"?ar={year}").text
    page = client.get(reverse("kompetens:event", args=[event.pk])).text
    assert "Utbildningstillfället är inställt." in page
    assert "Det går inte att anmäla sig till ett inställt tillfälle." in page


def test_dates_out_of_range_are_404(client, staff_user):
    login(client, staff_user)
    for url in [
        reverse("kompetens:month", args=[SLUG, 2019, 13]),
        reverse("kompetens:month", args=[SLUG, 99999, 1]),
        reverse("kompetens:statistics", args=[99999]),
    ]:
        assert client.get(url).status_code == 404, url


def test_a_bad_year_is_told_at_the_field_and_the_list_shows_this_year(client, region):
    this_year = timezone.localdate().year
    for value, error in [
        ("abc", "Ange ett årtal, t.ex. 2019."),
        ("99999", "Ange ett år från 2000 till 2100."),
    ]:
        url = reverse("kompetens:events", args=[SLUG]) + f"?ar={value}"
        response = client.get(url)
        assert response.status_code == 200, url
        assert error in response.text and f'value="{value}"' in response.text
        assert f"Utbildningar i digital kompetens {this_year}" in response.text
        assert response.context["year"] == this_year


def test_event_page_shows_details(client, event):
    page = client.get(reverse("kompetens:event", args=[event.pk])).text
    for text in ["Mikoteket", "Digital källkritik", "Informations- och datakompetens", "Säkerhet"]:
        assert text in page
    assert "2 platser, 2 lediga" in page


def test_event_ics_is_valid_icalendar(client, event):
    response = client.get(reverse("kompetens:event-ics", args=[event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    [item] = cal.walk("VEVENT")
    assert str(item["summary"]) == event.title
    assert item.decoded("dtstart") == event.start
    assert item.decoded("dtend") == event.end
    assert str(item["location"]) == "Västerås stadsbibliotek"
    assert str(item["status"]) == "CONFIRMED"
    assert str(cal["version"]) == "2.0" and "prodid" in cal


def test_feed_has_every_event_and_cancelled_status(client, region, event):
    other = make_event(region, title="Webbinarium", place="", online_url="https://example.org/m")
    other.status = EventStatus.CANCELLED
    other.save()
    cal = icalendar.Calendar.from_ical(client.get(reverse("kompetens:feed", args=[SLUG])).content)
    items = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(items) == {event.title, "Webbinarium"}
    assert str(items["Webbinarium"]["status"]) == "CANCELLED"
    assert str(items["Webbinarium"]["location"]) == "https://example.org/m"
    assert len({str(e["uid"]) for e in items.values()}) == 2
    assert all("dtstamp" in e and "dtstart" in e and "dtend" in e for e in items.values())


def test_feed_and_event_ics_remind_the_day_before(client, region, event):
    cancelled = make_event(region, title="Inställd kurs", status=EventStatus.CANCELLED)
    feed = client.get(reverse("kompetens:feed", args=[SLUG])).content
    single = client.get(reverse("kompetens:event-ics", args=[event.pk])).content
    for content in (feed, single):
        assert b"TRIGGER:-P1D" in content
        items = {str(e["summary"]): e for e in icalendar.Calendar.from_ical(content).walk("VEVENT")}
        [alarm] = items[event.title].walk("VALARM")
        assert alarm.decoded("trigger") == -timedelta(days=1)
        assert str(alarm["action"]) == "DISPLAY"
        assert str(alarm["description"]) == "I morgon: Digital källkritik"
    # a cancelled event reminds of nothing
    feed_items = icalendar.Calendar.from_ical(feed).walk("VEVENT")
    assert [e.walk("VALARM") for e in feed_items if str(e["summary"]) == cancelled.title] == [[]]


def test_query_counts_do_not_grow(client, region, vasteras, event):
    start = timezone.localtime(event.start)
    urls = {
        # the region, the page cache's key, the events (none of it a download needs)
        reverse("kompetens:events", args=[SLUG]) + f"?ar={start.year}": 3,
        reverse("kompetens:month", args=[SLUG, start.year, start.month]): 3,
        reverse("kompetens:events", args=[SLUG]) + f"?ar={start.year}&format=csv": 2,
        reverse("kompetens:month", args=[SLUG, start.year, start.month]) + "?format=xlsx": 2,
        reverse("kompetens:feed", args=[SLUG]): 2,
        reverse("kompetens:event-ics", args=[event.pk]): 1,
    }
    counts = {
        url: assert_queries_constant(client, url, lambda: grow(region, vasteras)) for url in urls
    }
    assert counts == urls
    detail = reverse("kompetens:event", args=[event.pk])
    assert assert_queries_constant(client, detail, lambda: grow(region, vasteras)) == 4


def test_deadline_shown(client, event):
    event.registration_deadline = event.start - timedelta(days=3)
    event.save()
    assert "Sista anmälningsdag" in client.get(reverse("kompetens:event", args=[event.pk])).text


def test_list_and_month_download_their_events(role_clients, region, event):
    make_event(
        region,
        title="Webbinarium",
        status=EventStatus.CANCELLED,
        place="",
        online_url="https://example.org/m",
    )
    start = timezone.localtime(event.start)
    end = start + timedelta(hours=4)
    urls = [
        reverse("kompetens:events", args=[SLUG]) + f"?ar={start.year}",
        reverse("kompetens:month", args=[SLUG, start.year, start.month]),
    ]
    for url in urls:
        assert set(download_statuses(role_clients, url).values()) == {200}  # public pages
        rows = downloads(role_clients["anonymous"], url)
        assert rows[0] == [
            "Början",
            "Slut",
            "Utbildning",
            "Typ",
            "Plats",
            "Status",
            "Bokade platser",
            "Platser",
        ]
        first, second = sorted(rows[1:], key=lambda row: row[2])
        assert first == [
            f"{start:%Y-%m-%d %H:%M}",
            f"{end:%Y-%m-%d %H:%M}",
            "Digital källkritik",
            "Halvdag",
            "Västerås stadsbibliotek",
            "Planerad",
            "0",
            "2",
        ]
        assert second[2:6] == ["Webbinarium", "Halvdag", "Digitalt", "Inställd"]
    next_year = reverse("kompetens:events", args=[SLUG]) + f"?ar={start.year + 1}"
    assert downloads(role_clients["anonymous"], next_year)[1:] == []


@pytest.fixture
def other_region(db):
    return Region.objects.create(
        name="Region Örebro län", code="18", slug="orebro", unit_name="Regionbibliotek Örebro"
    )


def test_list_is_in_date_order(client, region):
    for title, month in [("Mars", 3), ("Januari", 1), ("Oktober", 10), ("Maj", 5)]:
        make_event(region, title=title, start=at(2019, month, 10), hours=3)
    url = reverse("kompetens:events", args=[SLUG]) + "?ar=2019"
    page = client.get(url).text
    positions = [page.index(f">{title}</a>") for title in ["Januari", "Mars", "Maj", "Oktober"]]
    assert positions == sorted(positions)
    assert [row[2] for row in downloads(client, url)[1:]] == ["Januari", "Mars", "Maj", "Oktober"]


def test_month_view_link_opens_on_the_year_shown(client, region):
    today = timezone.localdate()
    url = reverse("kompetens:events", args=[SLUG])
    january = reverse("kompetens:month", args=[SLUG, 2019, 1])
    assert f'href="{january}"' in client.get(url + "?ar=2019").text
    this_month = reverse("kompetens:month", args=[SLUG, today.year, today.month])
    assert f'href="{this_month}"' in client.get(url).text


def test_list_month_and_feed_are_per_region(client, region, event, other_region):
    theirs = make_event(other_region, title="Annan regions kurs", place="Örebro")
    start = timezone.localtime(event.start)
    for slug, shown, hidden in [(SLUG, event, theirs), ("orebro", theirs, event)]:
        for url in [
            reverse("kompetens:events", args=[slug]) + f"?ar={start.year}",
            reverse("kompetens:month", args=[slug, start.year, start.month]),
        ]:
            page = client.get(url).text
            assert shown.title in page and hidden.title not in page, url
        cal = icalendar.Calendar.from_ical(
            client.get(reverse("kompetens:feed", args=[slug])).content
        )
        assert [str(item["summary"]) for item in cal.walk("VEVENT")] == [shown.title]
    assert str(cal["prodid"]) == "-//Regionbibliotek Örebro//Digital kompetens//SV"
    assert str(cal["x-wr-calname"]) == "Utbildningar i digital kompetens, Region Örebro län"
    single = client.get(reverse("kompetens:event-ics", args=[event.pk])).content
    assert str(icalendar.Calendar.from_ical(single)["prodid"]) == (
        "-//Region Västmanland//Digital kompetens//SV"
    )
    assert client.get(reverse("kompetens:events", args=["ingen"])).status_code == 404


def test_calendar_without_region_goes_to_the_region_or_offers_a_choice(client, region):
    index = reverse("kompetens:index")
    old = {
        f"{index}?ar=2019": reverse("kompetens:events", args=[SLUG]) + "?ar=2019",
        f"{index}kalender/2019/5/": reverse("kompetens:month", args=[SLUG, 2019, 5]),
        f"{index}kalender.ics": reverse("kompetens:feed", args=[SLUG]),
    }
    for url, target in old.items():
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, target), url
    Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    page = client.get(f"{index}?ar=2019").text
    for slug in (SLUG, "orebro"):
        assert f'href="{reverse("kompetens:events", args=[slug])}?ar=2019"' in page
    assert (
        f'href="{reverse("kompetens:feed", args=["orebro"])}"'
        in client.get(f"{index}kalender.ics").text
    )
