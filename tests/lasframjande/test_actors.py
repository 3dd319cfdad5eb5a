"""The register of literary actors: the public form, moderation, directory, export, removal."""

import hashlib

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from biblioteksportal import links
from biblioteksportal.models import MailLog, Municipality, PersonalLink, Region
from lasframjande.choices import ModerationStatus
from lasframjande.forms import ActorRegistrationForm
from lasframjande.models import LiteraryActor

from ..builders import grow_register, make_actor
from ..conftest import assert_queries_constant, download, download_statuses, downloads

FORM_URL = "/lasframjande/vastmanland/aktorer/anmal/"
DIRECTORY_URL = "/lasframjande/vastmanland/aktorer/"


def entry(**changes):
    data = {
        "name": "Klara Skrivare",
        "kinds": ["writer", "illustrator"],
        "languages": "svenska, finska",
        "genres": "bilderböcker",
        "target_groups": ["6-9"],
        "offers": ["reading", "school_visit"],
        "description": "Jag skriver bilderböcker om skogen.",
        "website": "https://example.org/klara",
        "email": "klara@example.org",
        "phone": "070-123 45 67",
        "income_share": "small",
        "venues": "Bibliotek och skolor.",
        "needs": "Fler skolbesök.",
        "show_in_directory": "on",
        "consent": "on",
        "homepage": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_form_is_public_for_every_role(role_clients, region):
    for role, client in role_clients.items():
        response = client.get(FORM_URL)
        assert response.status_code == 200, role
        assert "Anmäl dig till registret över litterära aktörer" in response.text


def test_form_of_unknown_region_is_404(client, region):
    assert client.get("/lasframjande/finns-inte/aktorer/anmal/").status_code == 404


def test_registration_is_saved_pending_and_mails_the_removal_link(
    client, region, vasteras, run_jobs
):
    response = client.post(FORM_URL, entry(municipality=vasteras.pk))
    run_jobs()
    assert response.status_code == 302
    assert response["Location"] == "/lasframjande/vastmanland/aktorer/tack/"
    actor = LiteraryActor.objects.get()
    assert actor.status == ModerationStatus.PENDING
    assert actor.region == region and actor.municipality == vasteras
    assert actor.kinds == ["writer", "illustrator"] and actor.offers == ["reading", "school_visit"]
    assert actor.show_in_directory and actor.consented_at and not actor.is_fictitious
    (message,) = mail.outbox
    assert message.to == ["klara@example.org"]
    link = next(line for line in message.body.splitlines() if "/ta-bort/" in line)
    token = link.rsplit("/ta-bort/", 1)[1].strip("/")
    assert len(token) >= 43
    (link,) = PersonalLink.objects.all()
    assert (link.token_hash, link.object_id, link.expires) == (
        hashlib.sha256(token.encode()).hexdigest(),
        actor.pk,
        None,  # as long as the entry
    )
    log = MailLog.objects.get()
    assert (log.kind, log.status, log.object_id) == ("lasframjande.removal_link", "sent", actor.pk)
    assert token not in log.body
    thanks = client.get(response["Location"]).text
    assert f"/lasframjande/aktorer/ta-bort/{token}/" in thanks
    # The link is shown once: reloading the thank-you page no longer shows it.
    assert "/ta-bort/" not in client.get(response["Location"]).text
    # Pending: not in the directory.
    assert "Klara Skrivare" not in client.get(DIRECTORY_URL).text


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"consent": None}, "consent", "Du behöver samtycka för att kunna anmäla dig."),
        ({"email": "klara@"}, "email", "Ange en giltig e-postadress"),
        ({"email": ""}, "email", "Detta fält måste fyllas i."),
        ({"kinds": []}, "kinds", "Välj minst ett slag av aktör."),
        (
            {"description": "Hej <script>alert(1)</script>"},
            "description",
            "Texten får inte innehålla HTML-kod eller skript.",
        ),
        (
            {"name": '<a href="https://spam.example">Klara</a>'},
            "name",
            "Texten får inte innehålla HTML-kod eller skript.",
        ),
        (
            {"needs": "<img src=x onerror=alert(1)>"},
            "needs",
            "Texten får inte innehålla HTML-kod eller skript.",
        ),
        ({"description": "x" * 1001}, "description", "Texten får vara högst 1000 tecken"),
        ({"name": "x" * 201}, "name", "som mest 200 tecken"),
        ({"website": "inte en adress"}, "website", "Fyll i en giltig URL."),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_kept(client, region, changes, field, message):
    data = entry(**changes)
    response = client.post(FORM_URL, data)
    assert response.status_code == 200
    assert not LiteraryActor.objects.exists() and not mail.outbox
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert f'id="id_{field}_error"' in response.text
    # Nothing entered is lost: every other answer comes back filled in.
    assert 'value="svenska, finska"' in response.text
    assert "Bibliotek och skolor." in response.text
    assert form["offers"].value() == ["reading", "school_visit"]


def test_bot_filling_the_honeypot_is_answered_silently(client, region):
    response = client.post(FORM_URL, entry(homepage="https://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == "/lasframjande/vastmanland/aktorer/tack/"
    assert not LiteraryActor.objects.exists() and not mail.outbox
    assert "/ta-bort/" not in client.get(response["Location"]).text


def test_honeypot_is_hidden_from_people(client, region):
    page = client.get(FORM_URL).text
    assert '<div hidden><label for="id_homepage">' in page


def test_rate_limit_per_address(region):
    one = Client(REMOTE_ADDR="192.0.2.1")
    limit = ActorRegistrationForm.limit
    for i in range(limit):
        response = one.post(FORM_URL, entry(name=f"Aktör {i}", email=f"a{i}@example.org"))
        assert response.status_code == 302
    response = one.post(FORM_URL, entry(name="En för mycket"))
    assert response.status_code == 429
    assert "för många gånger från din adress" in response.text
    assert 'value="En för mycket"' in response.text
    assert LiteraryActor.objects.count() == limit
    # Honeypot hits count as well, and another address is not affected.
    other = Client(REMOTE_ADDR="192.0.2.2")
    assert other.post(FORM_URL, entry(name="Annan adress")).status_code == 302
    assert LiteraryActor.objects.filter(name="Annan adress").exists()


def test_rate_limit_counts_bots_too(region):
    bot = Client(REMOTE_ADDR="192.0.2.9")
    for _ in range(ActorRegistrationForm.limit):
        bot.post(FORM_URL, entry(homepage="x"))
    response = bot.post(FORM_URL, entry())
    assert response.status_code == 429 and "för många gånger" in response.text
    assert not LiteraryActor.objects.exists()


def test_directory_shows_only_approved_actors_who_consented(role_clients, register_data):
    make_actor(register_data, "Avböjd aktör", status=ModerationStatus.REJECTED)
    for role, client in role_clients.items():
        page = client.get(DIRECTORY_URL).text
        assert "Godkänd 0" in page, role
        for hidden in ("Ogranskad 0", "Dold 0", "Avböjd aktör"):
            assert hidden not in page, (role, hidden)


def test_directory_search(client, register_data, vasteras):
    make_actor(
        register_data,
        "Bokhandeln i Sala",
        kinds=["bookshop"],
        offers=["talk"],
        description="Samtal om deckare.",
    )
    make_actor(register_data, "Dold bokhandel", kinds=["bookshop"], shown=False)

    def names(**query):
        response = client.get(DIRECTORY_URL, query)
        return {actor.name for actor in response.context["actors"]}

    assert names() == {"Godkänd 0", "Bokhandeln i Sala"}
    assert names(q="deckare") == {"Bokhandeln i Sala"}
    assert names(kind="bookshop") == {"Bokhandeln i Sala"}
    assert names(offer="reading") == {"Godkänd 0"}
    assert names(municipality=vasteras.pk) == {"Godkänd 0"}
    assert names(q="Dold") == set()
    assert names(kind="finns-inte") == set()


def test_directory_search_stems_swedish_words(client, register_data):
    """The same full-text search as the portal's: Swedish stems, and both forms of a noun
    whose plural changes the vowel."""
    make_actor(register_data, "Klara Skrivare", genres="bilderböcker, lyrik")
    make_actor(register_data, "Bokcafé", description="Vi läser boken högt.")

    def names(q):
        return {actor.name for actor in client.get(DIRECTORY_URL, {"q": q}).context["actors"]}

    assert names("bilderbok") == {"Klara Skrivare"}
    assert names("bilderböckerna") == {"Klara Skrivare"}
    assert names("lyriken") == {"Klara Skrivare"}
    assert names("böcker") == {"Bokcafé"}
    assert names("bilderbok -lyrik") == set()


def test_directory_redirects_to_the_only_region(client, region):
    response = client.get("/lasframjande/aktorer/")
    assert response.status_code == 302 and response["Location"] == DIRECTORY_URL


def test_directory_query_count_is_pinned(client, register_data, vasteras):
    grown = []

    def grow():
        grow_register(register_data, vasteras, 10, start=1 + 10 * len(grown))
        grown.append(1)

    # the region, the page cache's key, the form's municipalities, the actors
    assert assert_queries_constant(client, DIRECTORY_URL, grow) == 4
    assert assert_queries_constant(client, DIRECTORY_URL + "?q=God&kind=writer", lambda: None) == 4
    download = DIRECTORY_URL + "?q=God&kind=writer&format=xlsx"
    assert assert_queries_constant(client, download, grow) == 2  # no form, no municipalities


def test_form_query_count_is_pinned(client, register_data, vasteras):
    def grow():
        grow_register(register_data, vasteras, 10, start=1)

    assert assert_queries_constant(client, FORM_URL, grow) == 2


def test_removal_link_works_once_and_only_for_its_actor(client, region):
    mine = make_actor(region, "Min aktör")
    other = make_actor(region, "Annan aktör")
    url = reverse("lasframjande:actor-remove", args=[mine.token])
    page = client.get(url)
    assert page.status_code == 200 and "Min aktör" in page.text and "Annan aktör" not in page.text
    assert LiteraryActor.objects.filter(pk=mine.pk).exists()  # a GET removes nothing
    response = client.post(url)
    assert response.status_code == 200 and "Dina uppgifter är borttagna" in response.text
    assert not LiteraryActor.objects.filter(pk=mine.pk).exists()
    assert LiteraryActor.objects.filter(pk=other.pk).exists()
    # Its personal data is gone from the audit trail too; the other actor's is kept.
    events = LiteraryActor.pgh_event_model.objects
    assert not events.filter(pgh_obj_id=mine.pk).exists()
    assert events.filter(pgh_obj_id=other.pk).exists()
    # Once only.
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert LiteraryActor.objects.filter(pk=other.pk).exists()


def test_removal_with_a_wrong_token_is_404(client, region):
    actor = make_actor(region, "Aktör")
    for token in ("gissning", links.token_hash(actor.token), actor.token[:-1] + "x"):
        response = client.post(reverse("lasframjande:actor-remove", args=[token]))
        assert response.status_code == 404
        assert "Länken gäller inte" in response.text
    assert LiteraryActor.objects.filter(pk=actor.pk).exists()


def test_export_is_for_regional_staff_only(role_clients, register_data):
    url = reverse("lasframjande:export")
    assert role_clients["anonymous"].get(url)["Location"].startswith(reverse("login"))
    assert role_clients["reporter"].get(url).status_code == 403
    assert role_clients["head"].get(url).status_code == 403
    make_actor(register_data, "=HYPERLINK(1)", email="formel@example.org")
    response = role_clients["staff"].get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Namn;Slag;Kommun")
    assert len(lines) == 1 + 4
    for name in ("Godkänd 0", "Ogranskad 0", "Dold 0"):
        assert name in text
    assert "Väntar på granskning" in text
    assert "'=HYPERLINK(1)" in text and ";=HYPERLINK" not in text


def test_moderation_queue_in_the_admin(role_clients, register_data):
    pending = LiteraryActor.objects.get(name="Ogranskad 0")
    url = "/admin/lasframjande/literaryactor/"
    page = role_clients["staff"].get(url + "?status__exact=pending")
    assert page.status_code == 200
    assert "Ogranskad 0" in page.text and "Godkänd 0" not in page.text
    assert role_clients["head"].get(url).status_code in (302, 403)
    response = role_clients["staff"].post(
        url, {"action": "approve", "_selected_action": [pending.pk]}, follow=True
    )
    assert "1 aktör: Godkänd." in response.text
    pending.refresh_from_db()
    assert pending.status == ModerationStatus.APPROVED and pending.moderated_at
    assert "Ogranskad 0" in role_clients["anonymous"].get(DIRECTORY_URL).text
    role_clients["staff"].post(url, {"action": "reject", "_selected_action": [pending.pk]})
    assert "Ogranskad 0" not in role_clients["anonymous"].get(DIRECTORY_URL).text


def test_staff_cannot_add_actors_without_their_consent(role_clients, region):
    assert role_clients["staff"].get("/admin/lasframjande/literaryactor/add/").status_code == 403


def test_tampered_input_is_refused_without_errors(client, region, vasteras):
    response = client.post(
        FORM_URL,
        entry(kinds=["dragon"], offers=["x"], municipality="abc", income_share="all"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"kinds", "offers", "municipality", "income_share"}
    assert not LiteraryActor.objects.exists()
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    outside = Municipality.objects.create(region=other, name="Örebro", code="1880")
    response = client.post(FORM_URL, entry(municipality=outside.pk))
    assert "municipality" in response.context["form"].errors
    for query in ("?municipality=abc", "?kind=x&offer=y", "?q=" + "x" * 500):
        response = client.get(DIRECTORY_URL + query)
        assert response.status_code == 200 and not response.context["actors"]


def test_a_mail_outage_loses_nothing(client, region, settings, run_jobs):
    settings.EMAIL_BACKEND = "tests.test_links_and_mail.FailingBackend"
    response = client.post(FORM_URL, entry(), follow=True)
    run_jobs()
    actor = LiteraryActor.objects.get(name="Klara Skrivare")
    assert "/lasframjande/aktorer/ta-bort/" in response.text
    log = MailLog.objects.get()
    assert log.status == "failed" and log.recipient == actor.email and log.body
    # removing the entry takes its address out of the mail log too
    token = response.text.split("/lasframjande/aktorer/ta-bort/")[1].split("/")[0]
    client.post(reverse("lasframjande:actor-remove", args=[token]))
    log.refresh_from_db()
    assert (log.recipient, log.body) == ("", "")
    assert not PersonalLink.objects.exists()


def test_other_register_pages_query_counts_are_pinned(role_clients, register_data, vasteras):
    grown = []

    def grow():
        grow_register(register_data, vasteras, 10, start=1 + 10 * len(grown))
        grown.append(1)

    actor = make_actor(register_data, "Min aktör")
    remove_url = reverse("lasframjande:actor-remove", args=[actor.token])
    export_url = reverse("lasframjande:export")
    thanks_url = "/lasframjande/vastmanland/aktorer/tack/"
    assert assert_queries_constant(role_clients["anonymous"], remove_url, grow) == 1
    assert assert_queries_constant(role_clients["anonymous"], thanks_url, lambda: None) == 1
    assert assert_queries_constant(role_clients["staff"], export_url, grow) == 4


def test_directory_downloads_the_actors_it_shows(role_clients, register_data, vasteras):
    assert set(download_statuses(role_clients, DIRECTORY_URL).values()) == {200}  # public
    make_actor(register_data, "Bokhandeln i Sala", kinds=["bookshop"], description="Deckare.")
    rows = downloads(role_clients["anonymous"], DIRECTORY_URL)
    assert rows[0][:3] == ["Namn", "Slag", "Kommun"] and rows[0][-4:] == [
        "E-post",
        "Telefon",
        "Webbplats",
        "Fiktiv, demodata",
    ]
    assert sorted(row[0] for row in rows[1:]) == ["Bokhandeln i Sala", "Godkänd 0"]
    godkand = next(row for row in rows if row[0] == "Godkänd 0")
    assert godkand[1:3] == ["Författare", "Västerås"] and godkand[8] == "aktor@example.org"
    searched = downloads(role_clients["head"], DIRECTORY_URL + "?q=deckare")
    assert [row[0] for row in searched[1:]] == ["Bokhandeln i Sala"]


def test_directory_download_neutralises_formulas(client, register_data):
    from io import BytesIO

    from openpyxl import load_workbook

    make_actor(register_data, "=HYPERLINK(1)", description="@SUM(A1)", email="f@example.org")
    rows = download(client, DIRECTORY_URL + "?q=SUM", "csv")
    assert rows[1][0] == "'=HYPERLINK(1)" and rows[1][3] == "'@SUM(A1)"
    response = client.get(DIRECTORY_URL + "?q=SUM&format=xlsx")
    cell = load_workbook(BytesIO(response.content)).active["A2"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"  # text, not a formula
