"""Open data: each region's public datasets, their data dictionaries and the region's
DCAT-AP-SE catalogue (https://docs.dataportal.se/dcat/), in Turtle and RDF/XML.

The area apps declare their datasets through the `open_data(region)` hook of the area
contract (`Dataset`s with their `Distribution`s and the `Field`s of their files); the same
declarations give the human pages and the catalogue. The publisher of a region's catalogue
and datasets is its regional library unit; the data's licence is the region's
(`Region.open_data_licence`), the catalogue's own metadata are CC0 as DCAT-AP-SE requires.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from .areas import area_apps
from .choices import OpenDataLicence
from .models import Region
from .tables import Column, Table, respond

LANGUAGES = ["sv", "en"]
CC0 = URIRef(OpenDataLicence.CC0.url)  # DCAT-AP-SE: the catalogue's own licence
REGIONAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/RegionalAuthority")
EU = "http://publications.europa.eu/resource/authority/"
PUBLIC = URIRef(f"{EU}access-right/PUBLIC")
SWEDISH = URIRef(f"{EU}language/SWE")
EDUCATION_CULTURE_SPORT = URIRef(f"{EU}data-theme/EDUC")
IANA = Namespace("http://www.iana.org/assignments/media-types/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SERIALISATIONS = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "rdf": ("xml", "application/rdf+xml; charset=utf-8"),
}

# the types of the data dictionaries' fields
TEXT = _("text")
DATE = _("datum (ÅÅÅÅ-MM-DD)")
URL = _("webbadress")


@dataclass(frozen=True)
class Field:
    """One column (or property) of a dataset's files: its name there, its type, what it
    means and an example value."""

    name: str
    kind: Any
    meaning: Any
    example: str


@dataclass(frozen=True)
class Distribution:
    """One file of a dataset: its format's name, its address (a path) and media type."""

    title: Any
    url: str
    media_type: str


@dataclass(frozen=True)
class Dataset:
    """A public dataset of a region: `slug` names it in the open data's addresses, `page` is
    the public page that shows the same data."""

    slug: str
    title: Any
    description: Any
    page: str
    distributions: list[Distribution]
    fields: list[Field]


def datasets(region):
    """Every area app's public datasets of the region, in the order of the apps."""
    return [dataset for config in area_apps() for dataset in config.open_data(region)]


def publisher_name(region):
    """The regional library unit and its region (as in the pages' footer), the region once."""
    if region.name in region.unit_name:
        return region.unit_name
    return ", ".join(filter(None, [region.unit_name, region.name]))


def contact_email(region):
    """The first e-mail address of the region's contact details, else the portal's sender."""
    found = EMAIL.search(region.contact)
    return found.group() if found else settings.DEFAULT_FROM_EMAIL


def catalogue_title(region):
    return format_lazy(_("Öppna data, {region}"), region=region.name)


def catalogue_description(region):
    return format_lazy(
        _(
            "De datamängder som {publisher} publicerar som öppna data i biblioteksportalen, "
            "med format, licens och databeskrivning."
        ),
        publisher=publisher_name(region),
    )


def region_of(slug):
    return get_object_or_404(Region, slug=slug)


def dataset_of(region, slug):
    found = next((d for d in datasets(region) if d.slug == slug), None)
    if found is None:
        raise Http404
    return found


def dictionary(dataset):
    """The dataset's data dictionary as a declared table (the page and its downloads)."""
    return Table(
        [
            Column(_("Namn"), "name"),
            Column(_("Typ"), "kind"),
            Column(_("Betydelse"), "meaning"),
            Column(_("Exempel"), "example"),
        ],
        dataset.fields,
        _("Fält i datamängdens filer"),
    )


# the RDF graph ----------------------------------------------------------------------------


def texts(graph, subject, predicate, text):
    """A translatable text in Swedish and English, each with its language tag."""
    for language in LANGUAGES:
        with translation.override(language):
            graph.add((subject, predicate, Literal(str(text), lang=language)))


def catalogue(region, absolute):
    """The region's DCAT-AP-SE catalogue as an rdflib Graph; `absolute` makes a path an
    absolute URL (request.build_absolute_uri)."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in [("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF)]:
        graph.bind(prefix, namespace)
    graph.bind("vcard", VCARD)
    home = absolute(reverse("open-data-region", args=[region.slug]))
    catalog, publisher = URIRef(home), URIRef(f"{home}#utgivare")
    contact = URIRef(f"{home}#kontakt")
    licence = URIRef(region.open_data_licence_url)

    graph.add((catalog, RDF.type, DCAT.Catalog))
    texts(graph, catalog, DCTERMS.title, catalogue_title(region))
    texts(graph, catalog, DCTERMS.description, catalogue_description(region))
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, FOAF.homepage, catalog))
    graph.add((catalog, DCTERMS.license, CC0))
    graph.add((catalog, DCTERMS.language, SWEDISH))

    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(publisher_name(region), lang="sv")))
    graph.add((publisher, DCTERMS.type, REGIONAL_AUTHORITY))

    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(publisher_name(region))))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{contact_email(region)}")))

    for dataset in datasets(region):
        node = URIRef(absolute(reverse("open-data-dataset", args=[region.slug, dataset.slug])))
        graph.add((catalog, DCAT.dataset, node))
        graph.add((node, RDF.type, DCAT.Dataset))
        texts(graph, node, DCTERMS.title, dataset.title)
        texts(graph, node, DCTERMS.description, dataset.description)
        graph.add((node, DCTERMS.publisher, publisher))
        graph.add((node, DCAT.contactPoint, contact))
        graph.add((node, DCAT.landingPage, URIRef(absolute(dataset.page))))
        graph.add((node, DCTERMS.accessRights, PUBLIC))
        graph.add((node, DCAT.theme, EDUCATION_CULTURE_SPORT))
        for n, distribution in enumerate(dataset.distributions, 1):
            url = URIRef(absolute(distribution.url))
            item = URIRef(f"{node}#fil-{n}")
            graph.add((node, DCAT.distribution, item))
            graph.add((item, RDF.type, DCAT.Distribution))
            texts(graph, item, DCTERMS.title, distribution.title)
            graph.add((item, DCAT.accessURL, url))
            graph.add((item, DCAT.downloadURL, url))
            graph.add((item, DCTERMS.format, Literal(distribution.media_type)))
            graph.add((item, DCAT.mediaType, IANA[distribution.media_type]))
            graph.add((item, DCTERMS.license, licence))
    return graph


# the views --------------------------------------------------------------------------------


def region_page(request, region):
    """The region's open data: its datasets with their files, the licence, the catalogue."""
    region = region_of(region)
    context = {
        "region": region,
        "publisher": publisher_name(region),
        "datasets": datasets(region),
    }
    return render(request, "opendata/region.html", context)


def dataset_page(request, region, dataset):
    """A dataset's data dictionary, downloadable like every table of the portal."""
    region = region_of(region)
    dataset = dataset_of(region, dataset)
    table = dictionary(dataset)
    context = {"region": region, "dataset": dataset, "table": table}
    filename = f"databeskrivning-{dataset.slug}-{region.slug}"
    return respond(request, "opendata/dataset.html", context, filename, table)


def dcat(request, region, extension):
    """The region's catalogue: .ttl (Turtle) or .rdf (RDF/XML)."""
    region = region_of(region)
    syntax, content_type = SERIALISATIONS[extension]
    graph = catalogue(region, request.build_absolute_uri)
    return HttpResponse(graph.serialize(format=syntax), content_type=content_type)
