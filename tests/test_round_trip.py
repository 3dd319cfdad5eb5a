"""Round trip: the 2019 report generated from the demo data holds every goal, every activity
and every figure of the seed's sections 4–5.1.3 (expected data in tests/seed_2019.py)."""

import html
import re
from io import BytesIO, StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from docx import Document

from . import seed_2019 as seed
from .conftest import login


def _flat(text):
    return " ".join(text.split())


def _missing(report):
    """What of the seed the report lacks, as readable lines."""
    missing = []
    for area, expected in seed.AREAS.items():
        for kind in ("aims", "subgoals", "activities", "partners"):
            missing += [f"{area}, {kind}: {t}" for t in expected[kind] if _flat(t) not in report]
    missing += [f"figure: {s} ({r})" for s, r in seed.FIGURES if _flat(r) not in report]
    for title, status in seed.NOT_DONE.items():
        label = {"postponed": "Uppskjuten", "cancelled": "Inställd"}[status]
        if f"{_flat(title)} – {label}" not in report:
            missing.append(f"status: {title} – {label}")
    return missing


def test_the_2019_report_holds_the_seed(db, settings):
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    client = Client()
    login(client, get_user_model().objects.get(username="regional"))
    page = client.get("/verksamhetsar/2019/berattelse/").content.decode()
    docx = client.get("/verksamhetsar/2019/berattelse/?format=docx").content
    as_html = _flat(html.unescape(re.sub(r"<[^>]+>", " ", page)))
    as_docx = _flat(" ".join(p.text for p in Document(BytesIO(docx)).paragraphs))
    assert _missing(as_html) == []
    assert _missing(as_docx) == []
