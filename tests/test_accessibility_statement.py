"""Each region's accessibility statement: DIGG's content on a public page, a link to it in
every page's footer, editing in the admin with Swedish errors, the demo's statement, and the
open data's licence on the region."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from biblioteksportal.choices import AssessmentMethod, Compliance, OpenDataLicence
from biblioteksportal.models import AccessibilityStatement, Region

from .builders import make_statement
from .conftest import count_queries, login

URL = "/region/vastmanland/tillganglighet/"
ADD = "/admin/biblioteksportal/accessibilitystatement/add/"
COMPLAINT = '<a href="https://www.digg.se/tdosanmalan">'


@pytest.fixture
def statement(region):
    return make_statement(
        region,
        [
            ("out_of_scope", "Kommunernas egna planer"),
            ("non_compliance", "Diagrammens etiketter"),
            ("disproportionate_burden", "Gamla inspelningar"),
            ("non_compliance", "Kalenderns månadsvy"),
        ],
    )


def test_the_statement_has_every_part_digg_requires_for_each_role(role_clients, statement):
    for role, client in role_clients.items():
        page = client.get(URL).text
        assert "Tillgänglighetsredogörelse för Region Västmanland" in page, role
        assert "Region Västmanland står bakom Region Västmanland." in page  # body and service
        assert "Webbplatsen är delvis förenlig med lagkraven" in page
        assert "Vi har gjort en självskattning (egen granskning)" in page
        assert "Den senaste bedömningen gjordes den 1 september 2026." in page
        assert "upprättades den 15 september 2026 och granskades senast den 1 november 2026" in page
        assert 'href="mailto:tillganglighet@example.org"' in page
        assert "Vi svarar normalt inom 5 arbetsdagar." in page
        assert COMPLAINT in page
    page = role_clients["anonymous"].get(URL).text
    headings = [
        "Bristande förenlighet med lagkraven",
        "Diagrammens etiketter",
        "Kalenderns månadsvy",
        "Oskäligt betungande anpassning",
        "Gamla inspelningar",
        "Innehåll som inte omfattas av lagkraven",
        "Kommunernas egna planer",
    ]
    assert [page.index(text) for text in headings] == sorted(page.index(t) for t in headings)
    assert "Förklaring av Gamla inspelningar" in page


def test_a_third_party_assessment_a_form_and_a_fully_compliant_service(client, region):
    make_statement(
        region,
        compliance=Compliance.FULL,
        method=AssessmentMethod.THIRD_PARTY,
        assessor="Granskarbyrån AB",
        feedback_email="",
        feedback_url="https://example.org/synpunkter",
        response_days=1,
    )
    page = client.get(URL).text
    assert "Webbplatsen är helt förenlig med lagkraven" in page
    assert "Granskarbyrån AB har granskat Region Västmanland." in page
    assert '<a href="https://example.org/synpunkter">' in page and "mailto:" not in page
    assert "Vi svarar normalt inom 1 arbetsdag." in page
    assert "Vi känner inte till några brister" in page


def test_a_region_without_a_statement_says_so_and_names_digg(client, region):
    region.contact = "Regionens hus\n123 45 Staden"
    region.save()
    response = client.get(URL)
    assert response.status_code == 200
    assert "Tillgänglighetsredogörelsen för Region Västmanland är inte publicerad ännu." in (
        response.text
    )
    assert "Regionens hus<br>123 45 Staden" in response.text and COMPLAINT in response.text


def test_an_unknown_region_is_404(client, region):
    assert client.get("/region/finns-inte/tillganglighet/").status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "reporter", "head", "staff"])
def test_the_statement_query_count_does_not_grow_with_its_shortcomings(
    role_clients, statement, role
):
    client = role_clients[role]
    client.get(URL)  # sessions and content types out of the count
    before = count_queries(client, URL)
    make_statement(Region.objects.create(name="Region Örebro län", code="18", slug="orebro"))
    for i in range(10):
        statement.shortcomings.create(reason="non_compliance", description=f"B{i}", explanation="E")
    assert count_queries(client, URL) == before
    # the region, its statement, the shortcomings; a user's session and user (with profile);
    # regional staff's second factor
    assert before == {"anonymous": 3, "reporter": 5, "head": 5, "staff": 6}[role]


def test_every_page_links_the_statement_of_its_region_in_the_footer(role_clients, region):
    link = f'<a href="{URL}">Tillgänglighetsredogörelse</a>'
    assert link in role_clients["anonymous"].get("/om/vastmanland/").text
    assert link in role_clients["anonymous"].get("/kompetens/vastmanland/").text
    assert link in role_clients["head"].get("/").text  # the user's region
    assert link in role_clients["reporter"].get("/sok/").text
    # a page of no region: the statements of every region, by way of a choice
    login_page = role_clients["anonymous"].get("/konto/login/").text
    assert '<a href="/tillganglighet/">Tillgänglighetsredogörelse</a>' in login_page
    assert role_clients["anonymous"].get("/tillganglighet/")["Location"] == URL
    Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    choice = role_clients["anonymous"].get("/tillganglighet/").text
    assert f'<a href="{URL}">Region Västmanland</a>' in choice
    assert '<a href="/region/orebro/tillganglighet/">Region Örebro län</a>' in choice


def test_the_admin_and_the_error_pages_link_the_statements_too(role_clients):
    link = '<a href="/tillganglighet/">Tillgänglighetsredogörelse</a>'
    staff = role_clients["staff"]
    assert link in staff.get("/admin/").text
    assert link in staff.get("/admin/biblioteksportal/library/").text
    assert link in render_to_string("500.html")
    assert link in render_to_string("503.html")


def form(region, **changes):
    return {
        "region": region.pk,
        "public_body": "Region Västmanland",
        "service": "Bibliotek i Västmanland",
        "compliance": "partial",
        "method": "self",
        "assessor": "",
        "assessed": "2026-10-15",
        "prepared": "2026-10-20",
        "reviewed": "2026-11-20",
        "feedback_email": "tillganglighet@example.org",
        "feedback_url": "",
        "response_days": "5",
        "shortcomings-TOTAL_FORMS": "1",
        "shortcomings-INITIAL_FORMS": "0",
        "shortcomings-0-reason": "disproportionate_burden",
        "shortcomings-0-description": "Inspelningarna saknar syntolkning.",
        "shortcomings-0-criteria": "1.2.5",
        "shortcomings-0-explanation": "Kostnaden vore orimlig.",
        "shortcomings-0-fix_by": "",
        "shortcomings-0-position": "0",
        **changes,
    }


@pytest.fixture
def staff(client, staff_user):
    login(client, staff_user)
    return client


def test_regional_staff_write_the_statement_and_its_shortcomings_in_the_admin(staff, region):
    response = staff.post(ADD, form(region))
    assert response.status_code == 302, response.context["adminform"].form.errors
    statement = AccessibilityStatement.objects.get(region=region)
    assert statement.shortcomings.get().get_reason_display() == "Oskäligt betungande anpassning"
    assert "Inspelningarna saknar syntolkning." in staff.get(URL).text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"feedback_email": ""}, None, "Ange en e-postadress eller ett formulär för synpunkter."),
        ({"method": "third_party"}, None, "Ange vem som granskade webbplatsen."),
        (
            {"reviewed": "2026-10-19"},
            None,
            "Redogörelsen kan inte ha granskats innan den upprättades.",
        ),
        ({"response_days": "0"}, None, "Svarstiden ska vara 1–60 arbetsdagar."),
        ({"response_days": "99999999999999999999"}, "response_days", "mindre än eller lika med"),
        ({"assessed": "2026-02-30"}, "assessed", "Fyll i ett giltigt datum."),
        ({"service": "Portal\x00en"}, "service", "Null-tecken är inte tillåtna."),
        ({"shortcomings-0-explanation": ""}, None, "Detta fält måste fyllas i."),
        ({"compliance": "nästan"}, "compliance", "Välj ett giltigt alternativ."),
        (
            {"compliance": "full"},
            None,
            "En webbplats som är helt förenlig med lagkraven har ingen bristande förenlighet",
        ),
        (
            {"shortcomings-0-reason": "out_of_scope"},
            None,
            "Beskriv minst en brist (bristande förenlighet eller oskäligt betungande anpassning)",
        ),
    ],
)
def test_bad_input_is_a_swedish_error_and_nothing_is_saved(staff, region, changes, field, message):
    response = staff.post(ADD, form(region, **changes))
    assert response.status_code == 200
    assert message in response.text
    if field:
        assert message in str(response.context["adminform"].form.errors[field])
    assert not AccessibilityStatement.objects.exists()


def test_a_fully_compliant_service_may_name_content_outside_the_law(staff, region):
    response = staff.post(
        ADD, form(region, compliance="full", **{"shortcomings-0-reason": "out_of_scope"})
    )
    assert response.status_code == 302
    assert AccessibilityStatement.objects.get().shortcomings.get().reason == "out_of_scope"


def test_a_second_statement_of_a_region_is_an_error_at_the_region(staff, region):
    make_statement(region)
    response = staff.post(ADD, form(region))
    errors = response.context["adminform"].form.errors
    assert errors["region"] == ["Regionen har redan en tillgänglighetsredogörelse."]
    assert AccessibilityStatement.objects.count() == 1


def test_staff_edit_only_their_own_regions_statement(staff, region):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    theirs = make_statement(other)
    url = reverse("admin:biblioteksportal_accessibilitystatement_change", args=[theirs.pk])
    assert staff.get(url).status_code == 302  # Django's "does not exist" redirect
    assert staff.post(ADD, form(other)).context["adminform"].form.errors["region"]
    assert other.name not in staff.get(ADD).text  # not offered as a choice


def test_the_regions_open_data_licence_is_cc0_unless_it_sets_cc_by(region):
    assert region.open_data_licence == OpenDataLicence.CC0
    assert region.open_data_licence_url == "http://creativecommons.org/publicdomain/zero/1.0/"
    region.open_data_licence = OpenDataLicence.CC_BY
    assert region.open_data_licence_url == "http://creativecommons.org/licenses/by/4.0/"


def test_the_region_admin_sets_the_licence(staff, region):
    page = staff.get(reverse("admin:biblioteksportal_region_change", args=[region.pk])).text
    assert 'name="open_data_licence"' in page and "CC BY 4.0" in page


def test_the_demo_has_a_partly_compliant_statement_with_its_shortcomings(demo_county, client):
    statement = AccessibilityStatement.objects.get(region=demo_county)
    assert statement.compliance == Compliance.PARTIAL
    assert [s.reason for s in statement.shortcomings.all()] == ["non_compliance", "out_of_scope"]
    assert "Bibliotek i Västmanland (biblioteksportalen)" in client.get(URL).text
