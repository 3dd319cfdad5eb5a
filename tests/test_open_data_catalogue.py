"""The open data: each region's DCAT-AP-SE catalogue (Turtle and RDF/XML) checked against the
mandatory properties of DCAT-AP-SE 3.0.1 (docs.dataportal.se/dcat) for every class in it, its
distributions answering as declared, the licence, the data dictionaries and the pages."""

import csv
import io
from datetime import date
from urllib.parse import urlsplit

import icalendar
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from biblioteksportal.choices import OpenDataLicence
from biblioteksportal.models import Municipality, Region
from biblioteksportal.opendata import VCARD

from .builders import make_event, make_plan
from .conftest import assert_queries_constant, count_queries, downloads

DCAT = Namespace("http://www.w3.org/ns/dcat#")  # rdflib's DCAT warns when pytest inspects it
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
CC_BY = URIRef(OpenDataLicence.CC_BY.url)
PUBLISHER_TYPES = {
    URIRef(f"http://purl.org/adms/publishertype/{kind}")
    for kind in [
        "Academia-ScientificOrganisation",
        "Company",
        "IndustryConsortium",
        "LocalAuthority",
        "NationalAuthority",
        "NonGovernmentalOrganisation",
        "NonProfitOrganisation",
        "PrivateIndividual(s)",
        "RegionalAuthority",
        "StandardisationBody",
        "SupraNationalAuthority",
    ]
}
AGENTS = {FOAF.Agent, FOAF.Person, FOAF.Organization}
CONTACTS = {VCARD.Organization, VCARD.Individual, VCARD.Kind}
FORMATS = {"ttl": "turtle", "rdf": "xml"}


def texts_in_sv_and_en(values):
    return {v.language for v in values if isinstance(v, Literal) and str(v)} >= {"sv", "en"}


def urls(values):
    return all(isinstance(v, URIRef) and str(v).startswith(("http://", "https://")) for v in values)


def typed(graph, kinds):
    return lambda values: all(set(graph.objects(v, RDF.type)) & kinds for v in values)


def shapes(graph):
    """Each class's mandatory properties: (property, least, most, check of the values), from
    DCAT-AP-SE 3.0.1's cardinalities (the catalogue's and the agent's, dataset, distribution
    and contact point), plus what the portal promises (titles in Swedish and English)."""
    return {
        DCAT.Catalog: [
            (DCTERMS.title, 2, None, texts_in_sv_and_en),
            (DCTERMS.description, 2, None, texts_in_sv_and_en),
            (DCTERMS.publisher, 1, 1, typed(graph, AGENTS)),
            (FOAF.homepage, 1, 1, urls),
            (DCTERMS.license, 1, 1, lambda values: values == [CC0]),  # DCAT-AP-SE: CC0
            (DCAT.dataset, 1, None, typed(graph, {DCAT.Dataset})),
        ],
        DCAT.Dataset: [
            (DCTERMS.title, 2, None, texts_in_sv_and_en),
            (DCTERMS.description, 2, None, texts_in_sv_and_en),
            (DCTERMS.publisher, 1, 1, typed(graph, AGENTS)),
            (DCAT.contactPoint, 1, None, typed(graph, CONTACTS)),
            (DCAT.distribution, 1, None, typed(graph, {DCAT.Distribution})),
        ],
        DCAT.Distribution: [
            (DCAT.accessURL, 1, 1, urls),
            (DCTERMS.format, 1, 1, lambda values: "/" in str(values[0])),
            (DCAT.mediaType, 1, 1, urls),
            (DCTERMS.license, 1, 1, lambda values: values[0] in {CC0, CC_BY}),
            (DCTERMS.title, 2, None, texts_in_sv_and_en),
        ],
        FOAF.Agent: [
            (FOAF.name, 1, None, lambda values: all(str(v) for v in values)),
            (DCTERMS.type, 1, 1, lambda values: values[0] in PUBLISHER_TYPES),
        ],
        VCARD.Organization: [
            (VCARD.fn, 1, None, lambda values: all(str(v) for v in values)),
            (VCARD.hasEmail, 1, None, lambda values: str(values[0]).startswith("mailto:")),
        ],
    }


def violations(graph):
    """What a SHACL validator of the shapes above would report: per node, a property with
    too few or too many values or values that fail its check."""
    found = []
    for kind, properties in shapes(graph).items():
        for node in graph.subjects(RDF.type, kind):
            for prop, least, most, check in properties:
                values = list(graph.objects(node, prop))
                if len(values) < least or (most and len(values) > most) or not check(values):
                    found.append((str(node), str(prop), values))
    return found


def catalogue(client, slug, fmt="ttl"):
    response = client.get(f"/oppna-data/{slug}/dcat.{fmt}")
    assert response.status_code == 200
    return Graph().parse(data=response.content, format=FORMATS[fmt])


def distributions(graph):
    return [
        (str(graph.value(d, DCAT.accessURL)), str(graph.value(d, DCTERMS.format)), d)
        for d in graph.subjects(RDF.type, DCAT.Distribution)
    ]


def local(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


@pytest.fixture
def other(db):
    region = Region.objects.create(
        name="Region Örebro län",
        code="18",
        slug="orebro",
        unit_name="Regional biblioteksverksamhet, Region Örebro län",
        contact="Region Örebro län\nbibliotek@orebro.example",
        open_data_licence=OpenDataLicence.CC_BY,
    )
    make_plan(
        Municipality.objects.create(region=region, name="Örebro", code="1880"),
        date(2024, 1, 1),
        date(2027, 12, 31),
        title="Örebros plan",
    )
    return region


@pytest.fixture
def county(region, vasteras):
    region.unit_name = "Regional biblioteksverksamhet, Kulturutveckling"
    region.save()
    make_plan(vasteras, date(2023, 1, 1), date(2026, 12, 31), title="Västerås plan")
    make_event(region, title="Källkritik", description="Om källor.")
    return region


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_catalogue_has_every_mandatory_property(client, county, other, fmt):
    for slug in ("vastmanland", "orebro"):
        graph = catalogue(client, slug, fmt)
        kinds = {kind for kind in shapes(graph) if any(graph.subjects(RDF.type, kind))}
        assert kinds == set(shapes(graph)), slug  # every class is there, and checked
        assert violations(graph) == [], slug
        assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == 2  # plans and training


def test_the_texts_are_in_swedish_and_in_english(client, county):
    graph = catalogue(client, "vastmanland")
    catalog = next(graph.subjects(RDF.type, DCAT.Catalog))
    assert set(graph.objects(catalog, DCTERMS.title)) == {
        Literal("Öppna data, Region Västmanland", lang="sv"),
        Literal("Open data, Region Västmanland", lang="en"),
    }
    titles = {str(t) for t in graph.objects(None, DCTERMS.title) if t.language == "en"}
    assert "Library plans, Region Västmanland" in titles


def test_the_check_finds_a_missing_property(client, county):
    graph = catalogue(client, "vastmanland")
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    graph.remove((dataset, DCAT.contactPoint, None))
    graph.remove((next(graph.subjects(RDF.type, FOAF.Agent)), DCTERMS.type, None))
    assert {prop for _, prop, _ in violations(graph)} == {
        str(DCAT.contactPoint),
        str(DCTERMS.type),
    }


def test_turtle_and_rdf_xml_are_the_same_catalogue(client, county):
    turtle, xml = catalogue(client, "vastmanland"), catalogue(client, "vastmanland", "rdf")
    assert len(turtle) == len(xml) > 50
    assert set(turtle) == set(xml)


def test_every_distribution_answers_anonymously_with_its_media_type(client, county, other):
    for slug in ("vastmanland", "orebro"):
        found = distributions(catalogue(client, slug))
        assert {media for _, media, _ in found} == {"text/csv", "application/json", "text/calendar"}
        for url, media, _ in found:
            response = client.get(local(url))
            assert response.status_code == 200, url
            assert response["Content-Type"].split(";")[0] == media, url


def test_two_regions_give_two_publishers_and_no_mixing(client, county, other):
    for slug, own, foreign in [
        ("vastmanland", "Västerås plan", "Örebro"),
        ("orebro", "Örebros plan", "Västmanland"),
    ]:
        graph = catalogue(client, slug)
        (publisher,) = set(graph.subjects(RDF.type, FOAF.Agent))
        assert all(
            graph.value(d, DCTERMS.publisher) == publisher
            for d in graph.subjects(RDF.type, DCAT.Dataset)
        )
        assert foreign not in graph.serialize(format="turtle")
        csv_url = next(url for url, media, _ in distributions(graph) if media == "text/csv")
        text = client.get(local(csv_url)).content.decode()
        assert own in text and foreign not in text
    orebro = catalogue(client, "orebro")
    assert set(orebro.objects(None, FOAF.name)) == {
        Literal("Regional biblioteksverksamhet, Region Örebro län", lang="sv")
    }
    assert set(orebro.objects(None, VCARD.hasEmail)) == {URIRef("mailto:bibliotek@orebro.example")}
    västmanland = catalogue(client, "vastmanland")  # the unit's name without the region's
    assert set(västmanland.objects(None, FOAF.name)) == {
        Literal("Regional biblioteksverksamhet, Kulturutveckling, Region Västmanland", lang="sv")
    }


def test_a_region_with_cc_by_shows_it_everywhere(client, county, other):
    for slug, licence in [("vastmanland", CC0), ("orebro", CC_BY)]:
        graph = catalogue(client, slug)
        assert {graph.value(d, DCTERMS.license) for *_, d in distributions(graph)} == {licence}
        assert set(graph.objects(None, DCTERMS.license)) == {CC0, licence}  # the catalogue CC0
        for page in (f"/oppna-data/{slug}/", f"/oppna-data/{slug}/biblioteksplaner/"):
            assert f'href="{licence}" rel="license"' in client.get(page).text
        text = client.get(f"/biblioteksplaner/register/biblioteksplaner.csv?region={slug}")
        (row,) = csv.DictReader(io.StringIO(text.content.decode()))
        assert row["licens"] == str(licence)
    assert "CC BY 4.0" in client.get("/oppna-data/orebro/").text


def test_the_dictionaries_name_every_field_of_the_files(client, county):
    rows = downloads(client, "/oppna-data/vastmanland/biblioteksplaner/")
    assert rows[0] == ["Namn", "Typ", "Betydelse", "Exempel"]
    response = client.get("/biblioteksplaner/register/biblioteksplaner.csv?region=vastmanland")
    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert [row[0] for row in rows[1:]] == header
    assert all(all(row) for row in rows)  # a type, a meaning and an example each
    feed = icalendar.Calendar.from_ical(client.get("/kompetens/vastmanland/kalender.ics").content)
    (event,) = feed.walk("VEVENT")
    names = [row[0] for row in downloads(client, "/oppna-data/vastmanland/utbildningar/")[1:]]
    assert sorted(names) == sorted(event.keys())


def test_the_pages_for_every_role(role_clients, county):
    pages = {
        "/oppna-data/vastmanland/": ["Biblioteksplaner, Region Västmanland", "dcat.ttl"],
        "/oppna-data/vastmanland/biblioteksplaner/": ["galler_till", "text/csv"],
        "/oppna-data/vastmanland/utbildningar/": ["DTSTART", "text/calendar"],
    }
    for role, client in role_clients.items():
        for url, shown in pages.items():
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            assert all(text in response.text for text in shown), (role, url)
        for fmt in FORMATS:
            assert violations(catalogue(client, "vastmanland", fmt)) == [], role


def test_the_addresses_without_a_region_go_to_the_one_region(client, county):
    for path in ("", "dcat.ttl", "dcat.rdf"):
        assert client.get(f"/oppna-data/{path}")["Location"] == f"/oppna-data/vastmanland/{path}"


def test_the_addresses_without_a_region_offer_a_choice_of_two(client, county, other):
    for path in ("", "dcat.ttl", "dcat.rdf"):
        page = client.get(f"/oppna-data/{path}")
        assert page.status_code == 200
        assert f'href="/oppna-data/orebro/{path}"' in page.text
        assert f'href="/oppna-data/vastmanland/{path}"' in page.text


def test_unknown_regions_and_datasets_are_not_found(client, county):
    for url in (
        "/oppna-data/finns-inte/",
        "/oppna-data/finns-inte/dcat.ttl",
        "/oppna-data/vastmanland/finns-inte/",
        "/biblioteksplaner/register/biblioteksplaner.json?region=finns-inte",
    ):
        assert client.get(url).status_code == 404, url


def grow_regions(n=10):
    """n more regions, each with a municipality, a plan and a training event."""
    first = Region.objects.count()
    for i in range(first, first + n):
        region = Region.objects.create(name=f"Region {i}", code=f"{30 + i}", slug=f"region-{i}")
        make_plan(
            Municipality.objects.create(region=region, name=f"Kommun {i}", code=f"{6000 + i}"),
            date(2024, 1, 1),
            date(2027, 12, 31),
        )
        make_event(region)


def test_query_counts_are_pinned_and_flat_in_the_regions(client, county):
    urls = [
        "/oppna-data/vastmanland/dcat.ttl",
        "/oppna-data/vastmanland/dcat.rdf",
        "/oppna-data/vastmanland/",
        "/oppna-data/vastmanland/biblioteksplaner/",
        "/oppna-data/vastmanland/biblioteksplaner/?format=csv",
        "/biblioteksplaner/register/biblioteksplaner.csv?region=vastmanland",
    ]
    counts = [assert_queries_constant(client, url, grow_regions) for url in urls]
    assert counts == [1, 1, 1, 1, 1, 5]


def test_query_counts_per_role(role_clients, county):
    urls = [
        "/oppna-data/vastmanland/",
        "/oppna-data/vastmanland/utbildningar/",
        "/oppna-data/vastmanland/dcat.ttl",
    ]
    for client in role_clients.values():
        client.get(urls[0])  # content types and sessions out of the count
    counts = {
        role: [count_queries(client, url) for url in urls] for role, client in role_clients.items()
    }
    # the region; a logged-in user adds the session and the user, staff the second factor
    assert counts == {
        "anonymous": [1, 1, 1],
        "reporter": [3, 3, 3],
        "head": [3, 3, 3],
        "staff": [4, 4, 4],
    }
