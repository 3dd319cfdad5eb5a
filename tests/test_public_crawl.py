"""The public face: an anonymous visitor who starts at / reaches every public page by its
links, and finds no broken link, no error and no page that asks them to log in; the region
chooser and the region's page for each role."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from biblioteksportal.models import IntroSection, Region

from .builders import PDF, make_actor, make_event, make_plan, make_statement, route_names, routes
from .conftest import count_queries

LOGIN = "/konto/login/"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><rect width="9"/></svg>'
MAX_DEPTH = 6  # links from /; the calendar's months and years go on without end


@pytest.fixture
def county(region, vasteras, settings, tmp_path):
    """A region with something on every public page: a logo, an about text, a statement, a
    plan with its document, a training event this month and an actor in the directory."""
    settings.MEDIA_ROOT = tmp_path
    region.logo = SimpleUploadedFile("logga.svg", SVG)
    region.save()
    IntroSection.objects.create(region=region, number="1", title="Vision", body="Text.")
    make_statement(region, [("non_compliance", "Diagrammens etiketter")])
    plan = make_plan(
        vasteras, "2020-01-01", "2030-12-31", document=SimpleUploadedFile("p.pdf", PDF)
    )
    event = make_event(region, days=0)
    make_actor(region, "Anna Författare")
    return {"region": region, "plan": plan, "event": event, "code": vasteras.code}


def public_pages(county):
    """Every public page of the region, by the route it answers (tests.builders.routes)."""
    slug, event, plan = county["region"].slug, county["event"], county["plan"]
    start = event.start
    return {
        "/": "/",
        "/region/{region}/": f"/region/{slug}/",
        "/region/{region}/tillganglighet/": f"/region/{slug}/tillganglighet/",
        "/om/{slug}/": f"/om/{slug}/",
        "/om/logotyp/{pk}/": f"/om/logotyp/{county['region'].pk}/",
        "/kompetens/{region}/": f"/kompetens/{slug}/",
        "/kompetens/{region}/kalender/{year}/{month}/": (
            f"/kompetens/{slug}/kalender/{start.year}/{start.month}/"
        ),
        "/kompetens/{region}/kalender.ics": f"/kompetens/{slug}/kalender.ics",
        "/kompetens/utbildning/{pk}/": f"/kompetens/utbildning/{event.pk}/",
        "/kompetens/utbildning/{pk}/kalender.ics": f"/kompetens/utbildning/{event.pk}/kalender.ics",
        "/lasframjande/{region}/aktorer/": f"/lasframjande/{slug}/aktorer/",
        "/lasframjande/{region}/aktorer/anmal/": f"/lasframjande/{slug}/aktorer/anmal/",
        "/biblioteksplaner/register/": "/biblioteksplaner/register/",
        "/biblioteksplaner/register/biblioteksplaner.csv": (
            "/biblioteksplaner/register/biblioteksplaner.csv"
        ),
        "/biblioteksplaner/register/biblioteksplaner.json": (
            "/biblioteksplaner/register/biblioteksplaner.json"
        ),
        "/biblioteksplaner/register/{code}/": f"/biblioteksplaner/register/{county['code']}/",
        "/biblioteksplaner/plan/{pk}/dokument/": f"/biblioteksplaner/plan/{plan.pk}/dokument/",
        "/oppna-data/{region}/": f"/oppna-data/{slug}/",
        "/oppna-data/{region}/dcat.ttl": f"/oppna-data/{slug}/dcat.ttl",
        "/oppna-data/{region}/dcat.rdf": f"/oppna-data/{slug}/dcat.rdf",
        "/oppna-data/{region}/{dataset}/": {
            f"/oppna-data/{slug}/biblioteksplaner/",
            f"/oppna-data/{slug}/utbildningar/",
        },
        LOGIN: LOGIN,
        "/konto/password_reset/": "/konto/password_reset/",
    }


# Addresses without a region, linked from pages of no region (or kept for old links): each
# sends the visitor to its region's page, the only region's here.
REDIRECTS = {
    "/tillganglighet/",
    "/om/",
    "/oppna-data/",
    "/oppna-data/dcat.ttl",
    "/oppna-data/dcat.rdf",
    "/kompetens/",
    "/kompetens/kalender/{year}/{month}/",
    "/kompetens/kalender.ics",
    "/lasframjande/aktorer/",
}

# Public, but reached only from an e-mail, a form's answer or by a machine: never linked.
UNLINKED = {
    "/halsa/",
    "/halsa/klar/",
    "/kompetens/anmalan/{token}/",
    "/kompetens/anmalan/{token}/intyg.pdf",
    "/lasframjande/aktorer/ta-bort/{token}/",
    "/lasframjande/{region}/aktorer/tack/",
    "/konto/reset/{uidb64}/{token}/",
    "/konto/password_reset/done/",
    "/konto/reset/done/",
    "/konto/logout/",
    "/i18n/setlang/",
}


class Links(HTMLParser):
    """The href of every link and the src of every image of a page."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.found.append(attrs["href"])
        if tag == "img" and attrs.get("src"):
            self.found.append(attrs["src"])


def same_site(base, href):
    """The link's address on this site without its fragment, or None for another site's."""
    url = urlsplit(urljoin(base, href))
    if url.scheme not in ("http", "") or url.netloc not in ("testserver", ""):
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def crawl(client):
    """Breadth-first from /: {address: status} of every page and download reached, and the
    problems found (a login link with a query, an error, a link to the login page)."""
    statuses, problems = {}, []
    depth = {"/": 0}
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code == 302:
            targets = [response["Location"]]
        elif response.status_code != 200:
            problems.append((url, response.status_code))
            continue
        elif not response["Content-Type"].startswith("text/html"):
            continue  # a download: it answers, and has no links to follow
        else:
            parser = Links()
            parser.feed(response.content.decode())
            targets = parser.found
        for href in targets:
            target = same_site(url, href)
            if target is None or target.startswith("/static/") or target in depth:
                continue
            if urlsplit(target).path == LOGIN and target != LOGIN:
                problems.append((url, "links to log in", target))
            if depth[url] < MAX_DEPTH:
                depth[target] = depth[url] + 1
                queue.append(target)
    return statuses, problems


def test_an_anonymous_visitor_reaches_every_public_page_from_the_root(county):
    statuses, problems = crawl(Client())
    assert problems == []
    reached = {urlsplit(url).path for url in statuses}
    expected = public_pages(county)
    for route, paths in expected.items():
        for path in paths if isinstance(paths, set) else {paths}:
            assert path in reached, (route, path)
    # downloads answered too: the open data, the feeds, the plan's document, the logo
    assert statuses["/biblioteksplaner/register/biblioteksplaner.csv?region=vastmanland"] == 200
    assert statuses[f"/om/logotyp/{county['region'].pk}/"] == 200
    assert statuses["/kompetens/vastmanland/?format=csv"] == 200


def test_every_route_is_a_crawled_public_page_or_named_here_or_closed_to_anonymous(county):
    """A new public page fails here until it is linked and in public_pages: every other route
    answers an anonymous visitor with a login, 403, 404 or 405, whatever objects it names."""
    listed = public_pages(county).keys() | REDIRECTS | UNLINKED
    assert listed <= set(routes())
    values = {
        "region": [county["region"].slug],
        "slug": [county["region"].slug],
        "code": [county["code"]],
        "year": ["2019"],
        "month": ["1"],
        "dataset": ["biblioteksplaner"],
    }
    pks = [str(obj.pk) for obj in (county["region"], county["plan"], county["event"])]
    client = Client()
    public = []
    for route in sorted(set(routes()) - listed):
        if route.startswith("/admin/"):
            continue  # the admin's own login
        names = route_names(route)
        for pk in pks:
            url = route.format(**{n: values.get(n, [pk])[0] for n in names})
            response = client.get(url)
            if response.status_code == 302:
                assert response["Location"].startswith(LOGIN), (url, response["Location"])
            elif response.status_code not in (403, 404, 405):
                public.append((url, response.status_code))
    assert public == []


def test_the_redirects_send_the_visitor_to_a_page_of_the_region(county):
    client = Client()
    values = {"year": "2026", "month": "12"}
    for route in REDIRECTS:
        response = client.get(route.format(**values))
        assert response.status_code == 302, route
        assert "vastmanland" in response["Location"], route


def test_the_root_chooses_a_region_for_an_anonymous_visitor(client, county):
    Region.objects.create(name="Region Örebro län", code="18", slug="orebro", portal_name="")
    page = client.get("/").text
    assert '<a href="/region/orebro/">Region Örebro län</a></li>' in page
    assert '<a href="/region/vastmanland/">Region Västmanland</a></li>' in page
    assert page.index("Region Västmanland</a>") < page.index("Region Örebro län</a>")
    assert f'<a href="{LOGIN}">Logga in</a>' in page


def test_the_root_query_count_does_not_grow_with_the_regions(client, county):
    client.get("/")
    before = count_queries(client, "/")
    for i in range(10):
        Region.objects.create(name=f"Region {i}", code=f"{30 + i}", slug=f"region-{i}")
    assert count_queries(client, "/") == before == 1  # the regions


@pytest.mark.parametrize("role", ["anonymous", "reporter", "head", "staff"])
def test_the_region_page_links_every_public_service_for_each_role(role_clients, county, role):
    client = role_clients[role]
    client.get("/region/vastmanland/")
    assert (
        count_queries(client, "/region/vastmanland/")
        == {
            "anonymous": 1,  # the region
            "reporter": 3,  # and the user's session and user (with profile)
            "head": 3,
            "staff": 4,  # and regional staff's second factor
        }[role]
    )
    page = client.get("/region/vastmanland/").text
    assert "<h1>Region Västmanland</h1>" in page
    assert f'<img src="/om/logotyp/{county["region"].pk}/" alt="Logotyp för' in page
    for href in (
        "/biblioteksplaner/register/",
        "/biblioteksplaner/register/biblioteksplaner.csv?region=vastmanland",
        "/biblioteksplaner/register/biblioteksplaner.json?region=vastmanland",
        "/kompetens/vastmanland/",
        "/kompetens/vastmanland/kalender.ics",
        "/lasframjande/vastmanland/aktorer/",
        "/lasframjande/vastmanland/aktorer/anmal/",
        "/oppna-data/vastmanland/",
        "/om/vastmanland/",
        "/region/vastmanland/tillganglighet/",
    ):
        assert f'href="{href}"' in page, href


def test_an_anonymous_public_page_links_back_to_its_regions_page(client, county):
    for url in (
        "/om/vastmanland/",
        "/kompetens/vastmanland/",
        "/lasframjande/vastmanland/aktorer/",
    ):
        page = client.get(url).text
        assert '<a class="brand" href="/region/vastmanland/">' in page, url
    assert '<a class="brand" href="/">' in client.get(LOGIN).text  # no region: the chooser


def test_an_unknown_region_is_404(client, county):
    assert client.get("/region/finns-inte/").status_code == 404
