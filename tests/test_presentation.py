"""Presentation (issue 18): charts with a value axis, wide tables in a scrolling region with
the row headers kept in view, count matrices as heat maps with a legend, and the annual report
as a document with a cover, contents with page numbers and page numbers in the footer."""

import re
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation
from docx import Document
from pypdf import PdfReader

from biblioteksportal.charts import CHAR_WIDTH, bar_chart, ticks
from biblioteksportal.models import Region
from biblioteksportal.tables import Column, Table
from tests.samverkan.conftest import libraries as libraries  # noqa: F401 (fixture)
from tests.samverkan.test_pages import cooperation as cooperation  # noqa: F401 (fixture)

from .conftest import login


def render_chart(chart):
    with translation.override("sv"):
        return render_to_string("includes/chart.html", {"chart": chart})


def test_ticks_are_round_and_end_on_or_past_the_largest_value():
    assert ticks(3) == [0, 1, 2, 3]
    assert ticks(4) == [0, 1, 2, 3, 4]
    assert ticks(1234) == [0, 500, 1000, 1500]
    assert ticks(5.1) == [0, 2, 4, 6]
    assert ticks(0.9) == [0, 0.5, 1.0]
    assert ticks(0.7) == [0, 0.2, 0.4, 0.6, 0.8]


def test_chart_has_an_axis_with_ticks_and_a_title_inside_its_viewbox():
    chart = bar_chart("C", [("a", 1.5), ("b", 0.25)], unit=" %")
    svg = render_chart(chart)
    ticks_shown = re.findall(r'<text class="tick" x="([\d.]+)"[^>]*>([^<]*)</text>', svg)
    assert [text for _x, text in ticks_shown] == ["0", "0,5", "1", "1,5"]
    # the bars' scale ends on the last tick: 1.5 spans the whole bar width, at the last tick
    assert chart.bars[0]["segments"][0]["width"] == 300.0
    assert float(ticks_shown[-1][0]) == chart.bars[0]["segments"][0]["x"] + 300.0
    assert '<text class="axis-title"' in svg and ">Värde (%)</text>" in svg
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    assert float(ticks_shown[-1][0]) + CHAR_WIDTH * len("1,5") / 2 <= width
    title_y = float(re.search(r'<text class="axis-title" x="[\d.]+" y="([\d.]+)"', svg)[1])
    assert 2 * 28 < title_y <= height


def test_a_long_axis_title_widens_the_chart_and_stays_inside_it():
    title = "Antal deltagare i länets utbildningar under hela verksamhetsåret"
    chart = bar_chart("C", [("a", 2)], axis_title=title)
    assert chart.axis["title_x"] - CHAR_WIDTH * len(title) / 2 >= 0
    assert chart.axis["title_x"] + CHAR_WIDTH * len(title) / 2 <= chart.width
    assert f">{title}</text>" in render_chart(chart)


def test_stacked_chart_axis_is_titled_as_its_total_column():
    chart = bar_chart("C", [("a", [1, 3])], series=["x", "y"])
    assert chart.axis["title"] == "Totalt" == chart.table().headers[-1]
    assert [tick["text"] for tick in chart.axis["ticks"]] == ["0", "1", "2", "3", "4"]


def matrix(rows, **options):
    return Table(
        [
            Column("Från \\ till", lambda row: row[0]),
            *(Column(f"B{i}", lambda row, i=i: row[1][i], numeric=True) for i in range(3)),
        ],
        rows,
        "Från → till",
        **options,
    )


def test_every_table_scrolls_in_a_region_named_by_its_caption():
    table = matrix([("A", [1, 2, 3])])
    html = render_to_string("includes/table.html", {"table": table})
    region = re.search(r"<div ([^>]*)>", html)[1]
    assert 'class="table-scroll" role="region" tabindex="0"' in region
    assert f'aria-labelledby="{table.caption_id}"' in region
    assert f'<caption id="{table.caption_id}">Från → till</caption>' in html
    assert "heat" not in html
    untitled = Table([Column("Namn", lambda row: row)], ["a"])
    assert 'aria-label="Tabell"' in render_to_string("includes/table.html", {"table": untitled})
    assert table.caption_id != matrix([]).caption_id


def test_the_stylesheet_keeps_row_headers_in_view_and_shades_the_heat_map():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "portal.css").read_text()
    sticky = re.search(r'\.table-scroll th\[scope="row"\][^{]*\{([^}]*)\}', css)[1]
    assert "position: sticky" in sticky and "left: 0" in sticky and "background" in sticky
    for shade in range(1, 5):
        assert re.search(rf"\.heat-{shade} \{{ background: #[0-9a-f]{{6}};", css)


def test_heat_map_shades_by_quartile_keeps_the_numbers_and_has_a_legend():
    rows = [("A", [0, 1, 2]), ("B", [3, 4, 5]), ("C", [6, 7, 40])]
    template = Template(
        '{% load tables %}{% include "includes/table.html" with table=t|heat_map %}'
    )
    with translation.override("sv"):
        html = template.render(Context({"t": matrix(rows)}))
    cells = re.findall(r'<td class="num( heat-\d)?">(\d+)</td>', html)
    shades = {int(n): shade.strip() for shade, n in cells}
    # eight positive values: two per shade; 0 unshaded
    assert shades == {
        0: "",
        1: "heat-1",
        2: "heat-1",
        3: "heat-2",
        4: "heat-2",
        5: "heat-3",
        6: "heat-3",
        7: "heat-4",
        40: "heat-4",
    }
    assert 'class="portal-table heat-map"' in html
    legend = re.findall(
        r'<li><span class="(heat-\d)" aria-hidden="true"></span> ([^<]*)</li>', html
    )
    assert legend == [("heat-1", "1–2"), ("heat-2", "3–4"), ("heat-3", "5–6"), ("heat-4", "7–40")]
    assert "Färgskala: ju mörkare cell, desto högre tal. Celler med 0 är ofärgade." in html


def test_heat_map_of_few_values_and_of_none():
    assert matrix([("A", [5, 5, 0])], heat=True).heat_legend() == [(1, 5, 5)]
    html = render_to_string("includes/table.html", {"table": matrix([("A", [5, 5, 0])], heat=True)})
    assert re.findall(r"<li>.*?</li>", html) == [
        '<li><span class="heat-1" aria-hidden="true"></span> 5</li>'
    ]
    zeros = matrix([("A", [0, 0, 0])], heat=True)
    assert zeros.heat_bounds == [] and "heat-" not in render_to_string(
        "includes/table.html", {"table": zeros}
    ).replace("heat-map", "")


def test_floating_page_shows_both_matrices_as_heat_maps(role_clients, cooperation):
    url = reverse("samverkan:floating") + "?start=2019-01-01&end=2019-12-31"
    for role in ("head", "staff"):
        page = role_clients[role].get(url).text
        assert page.count('class="portal-table heat-map"') == 2
        assert page.count('<div class="heat-legend">') == 2
        assert re.search(r'<td class="num heat-4">\d+</td>', page)
    assert role_clients["reporter"].get(url).status_code == 403


def test_systems_rollout_matrix_scrolls_with_its_row_headers(role_clients, cooperation):
    page = role_clients["head"].get(reverse("samverkan:systems")).text
    assert '<div class="table-scroll" role="region" aria-labelledby="matrix-caption"' in page
    assert '<caption id="matrix-caption">' in page and '<th scope="row">' in page


def test_report_without_staffing_or_areas_says_so(db, region):
    from biblioteksportal import report
    from biblioteksportal.models import Year

    context = report.build(Year.objects.create(region=region, year=2030))
    with translation.override("sv"):
        html = report.render_html(context)
        docx = Document(BytesIO(report.render_docx(context)))
    for text in (html, "\n".join(p.text for p in docx.paragraphs)):
        assert "Ingen personal är registrerad för året." in text
        assert "Inga utvecklingsområden är registrerade för året." in text
        assert "None" not in text
    assert "<ul>\n  </ul>" not in html and "1 Utvecklingsområden</h3>" not in html


def test_cover_shows_a_png_logo(role_clients, region, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from biblioteksportal.models import Year

    settings.MEDIA_ROOT = tmp_path
    out = BytesIO()
    Image.new("RGB", (4, 4), "#00566b").save(out, "PNG")
    region.logo = SimpleUploadedFile("x", out.getvalue())
    region.save()
    Year.objects.create(region=region, year=2030)
    url = reverse("annual-report", args=[2030])
    pdf = PdfReader(BytesIO(role_clients["head"].get(url + "?format=pdf").content))
    (image,) = pdf.pages[0].images
    assert image.image.size == (4, 4)
    docx = Document(BytesIO(role_clients["head"].get(url + "?format=docx").content))
    assert len(docx.inline_shapes) == 1


# The demo county's data stays loaded to the module's end: these tests come last.
@pytest.fixture(scope="module")
def demo_report(demo_county, django_db_blocker):
    """The 2019 demo report as PDF text per page and as a Word document."""
    with django_db_blocker.unblock():
        client = Client()
        login(client, get_user_model().objects.get(username="regional"))
        url = reverse("annual-report", args=[2019])
        pdf = PdfReader(BytesIO(client.get(url + "?format=pdf").content))
        docx = Document(BytesIO(client.get(url + "?format=docx").content))
    return [page.extract_text() for page in pdf.pages], docx


def test_demo_report_has_a_cover_with_the_regions_identity(db, demo_county, demo_report):
    pages, _docx = demo_report
    cover = pages[0].splitlines()
    region = Region.objects.get()
    assert "Verksamhetsberättelse 2019" in cover
    assert region.portal_name in cover and region.unit_name in cover
    assert f"{region.name} · 2019" in cover
    # the cover has no page number, and holds nothing of the chapters
    assert not any(line.strip().isdigit() for line in cover)
    assert "Innehåll" not in pages[0]


def test_demo_report_contents_list_every_chapter_with_its_page(demo_report):
    pages, _docx = demo_report
    contents = pages[1]
    assert contents.startswith("Innehåll") or "\nInnehåll\n" in contents
    entries = re.findall(r"^(\d[\d.]*) (.+?)[ .]*?(\d+)$", contents, re.M)
    entries = [(number, title.rstrip(". "), int(page)) for number, title, page in entries]
    numbers = [number for number, _title, _page in entries]
    assert [n for n in numbers if "." not in n] == ["1", "2", "3", "4", "5"]
    assert {"1.1", "5.1.1", "5.1.4"} <= set(numbers)
    for number, title, page in entries:
        # the chapter's heading is on the page the contents give (pages count from the cover)
        assert f"{number} {title}" in pages[page - 1], (number, title, page)
    assert [page for *_rest, page in entries] == sorted(page for *_rest, page in entries)


def test_demo_report_pages_are_numbered_and_hold_no_placeholder(demo_report):
    pages, _docx = demo_report
    for number, text in enumerate(pages[1:], start=2):
        assert text.rstrip().splitlines()[-1].strip() == str(number)
    text = "\n".join(pages)
    assert "None" not in text and "[]" not in text and "{{" not in text


def test_demo_report_docx_has_cover_contents_and_page_numbers(demo_report):
    _pages, docx = demo_report
    texts = [p.text for p in docx.paragraphs]
    assert "Verksamhetsberättelse 2019" in texts[:5]
    contents = texts.index("Innehåll")
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading ")]
    listed = texts[contents + 1 : contents + 1 + len(texts)]
    assert all(heading in listed for heading in headings if heading[:1].isdigit())
    footer = docx.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer
    assert "None" not in "\n".join(texts)
