"""The English catalogue: complete, translated, compiled; and each page's lang is the language
its text is in."""

import io
import re
import shutil

import polib
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from docx import Document
from lxml import html

from biblioteksportal import report

from .conftest import login

MESSAGES = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES"
# the paths the catalogue's makemessages run leaves out
IGNORED = ["staticfiles/*", "var/*", "tests/*", "benchmarks/*", ".venv/*"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|\{\w*\}|<[^>]+>")


def catalogue():
    return polib.pofile(str(MESSAGES / "django.po"))


def key(entry):
    return entry.msgctxt, entry.msgid


def sources(entry):
    return [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]


def translations(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_every_entry_is_translated_and_none_fuzzy_or_obsolete():
    problems = [
        f"{'obsolete' if e.obsolete else 'fuzzy' if e.fuzzy else 'untranslated'}: {e.msgid!r}"
        for e in catalogue()
        if not e.translated()
    ]
    assert not problems, "\n".join(problems)


def test_translations_keep_the_placeholders_and_tags():
    changed = [
        f"{e.msgid!r} → {text!r}"
        for e in catalogue()
        for source, text in zip(sources(e), translations(e), strict=True)
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text))
    ]
    assert not changed, "\n".join(changed)


def test_the_compiled_catalogue_is_the_current_one():
    """django.mo holds exactly the .po's translations (compilemessages was run after the last
    change of the .po)."""

    def entries(messages):
        return {key(e): translations(e) for e in messages if e.msgid}

    compiled = polib.mofile(str(MESSAGES / "django.mo"))
    assert entries(compiled) == entries(catalogue())


@pytest.mark.skipif(not shutil.which("xgettext"), reason="makemessages needs GNU gettext")
def test_makemessages_finds_no_string_missing_from_the_catalogue(tmp_path, monkeypatch):
    """makemessages run over the source tree (through links, into a copy of the catalogue)
    adds no entry: every marked string of every app is in the catalogue."""
    for entry in settings.BASE_DIR.iterdir():
        if entry.name not in {"locale", ".git"}:
            (tmp_path / entry.name).symlink_to(entry)
    shutil.copytree(MESSAGES, tmp_path / "locale" / "en" / "LC_MESSAGES")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [])
    call_command(
        "makemessages",
        locale=["en"],
        ignore_patterns=IGNORED,
        symlinks=True,
        no_obsolete=True,
        verbosity=0,
    )
    extracted = polib.pofile(str(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    known = {key(e) for e in catalogue()}
    missing = [e.msgid for e in extracted if key(e) not in known]
    assert not missing, "not in the catalogue:\n" + "\n".join(map(repr, missing))


# common words of the Swedish UI; none is an English word
SWEDISH = re.compile(
    r"\b(och|för|av|med|inte|över|kommun\w*|bibliotek\w*|logga|välkommen|verksamhetsår\w*"
    r"|översikter|länsöversikt)\b",
    re.IGNORECASE,
)
WELCOME = "Välkommen till biblioteksportalen", "Welcome to the library portal"
# a page as a role, and its first heading in Swedish and in English
PAGES = [
    ("anonymous", "login", ("Logga in", "Log in")),
    (
        "anonymous",
        "biblioteksplaner:register",
        ("Register över biblioteksplaner", "Register of library plans"),
    ),
    ("head", "home", WELCOME),
    ("reporter", "home", WELCOME),
    ("staff", "home", WELCOME),
]
USERS = {"head": "chef.vasteras", "reporter": "rapportor.koping", "staff": "regional"}


@pytest.fixture
def clients(demo_county, db):
    users = get_user_model().objects.in_bulk(USERS.values(), field_name="username")
    clients = {"anonymous": Client()}
    for role, username in USERS.items():
        clients[role] = Client()
        login(clients[role], users[username])
    return clients


def page_in(client, url, language):
    """The page's lang, its h1, and its headings (its own title, h1–h3), in the language chosen."""
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(url))
    assert response.status_code == 200
    tree = html.fromstring(response.content)
    title = tree.findtext(".//title").split(" – ")[0]  # after the dash: the portal's name
    texts = [" ".join(h.text_content().split()) for h in tree.xpath("//h1|//h2|//h3")]
    return tree.get("lang"), tree.findtext(".//h1"), [title, *texts]


@pytest.mark.parametrize(("role", "url", "h1"), PAGES)
def test_a_page_in_english_is_marked_english_and_no_heading_is_swedish(clients, role, url, h1):
    lang, first, texts = page_in(clients[role], url, "en")
    assert (lang, first) == ("en", h1[1])
    assert not [text for text in texts if SWEDISH.search(text)], texts


@pytest.mark.parametrize(("role", "url", "h1"), PAGES)
def test_a_page_in_swedish_is_marked_swedish(clients, role, url, h1):
    lang, first, _ = page_in(clients[role], url, None)
    assert (lang, first) == ("sv", h1[0])


@pytest.mark.parametrize(
    ("language", "title"), [("sv", "Verksamhetsberättelse 2019"), ("en", "Annual report 2019")]
)
def test_the_annual_report_document_is_marked_in_the_language_of_its_text(
    demo_county, db, language, title
):
    """The document behind the PDF report (and the certificate, made the same way)."""
    user = get_user_model().objects.get(username=USERS["head"])
    with translation.override(language):
        context = report.build(report.year_queryset(user).get(year=2019))
        document = report.render_html(context)
        docx = Document(io.BytesIO(report.render_docx(context)))
    tree = html.fromstring(document)
    assert (tree.get("lang"), tree.findtext(".//h1")) == (language, title)
    assert docx.core_properties.language == {"sv": "sv-SE", "en": "en-GB"}[language]
