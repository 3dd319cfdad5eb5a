"""Agreement documents and meeting minutes open through access-checked views (issue 12,
item 19), and the minutes field takes only a PDF, checked by its content."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from biblioteksportal.choices import Role
from biblioteksportal.models import Municipality, Region
from samverkan.models import AgreementVersion, Meeting, WorkGroup
from tests.builders import PDF, make_user

from ..conftest import login


def add_documents(region):
    agreement = AgreementVersion.objects.create(region=region, title="Samverkansavtal", version="2")
    agreement.document.save("avtal.pdf", ContentFile(PDF))
    group = WorkGroup.objects.create(region=region, name="Styrgrupp", start=date(2018, 1, 1))
    meeting = Meeting.objects.create(group=group, date=date(2019, 5, 6))
    meeting.minutes_file.save("protokoll.pdf", ContentFile(PDF))
    return agreement, meeting


@pytest.fixture
def files(region):
    return add_documents(region)


def links(agreement, meeting):
    return [
        (
            reverse("samverkan:agreement"),
            reverse("samverkan:agreement-document", args=[agreement.pk]),
        ),
        (reverse("samverkan:work-groups"), reverse("samverkan:meeting-minutes", args=[meeting.pk])),
    ]


def test_the_pages_link_the_documents_and_the_links_open_them(role_clients, files):
    for page, link in links(*files):
        for role in ("head", "staff"):
            client = role_clients[role]
            assert f'href="{link}"' in client.get(page).text
            response = client.get(link)
            assert response.status_code == 200, (role, link)
            assert response["Content-Type"] == "application/pdf"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert b"".join(response.streaming_content) == PDF
        assert role_clients["reporter"].get(link).status_code == 403
        assert role_clients["anonymous"].get(link).status_code == 302
    assert (
        "samverkan/avtal/avtal" not in role_clients["head"].get(reverse("samverkan:agreement")).text
    )


def test_another_regions_documents_are_404(role_clients, files):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    for _page, link in links(*add_documents(other)):
        for role in ("head", "staff"):
            assert role_clients[role].get(link).status_code == 404
    orebro = Municipality.objects.create(region=other, name="Örebro", code="1880")
    client = Client()
    login(client, make_user("orebrochef", Role.LIBRARY_HEAD, other, orebro))
    for _page, link in links(*files):
        assert client.get(link).status_code == 404


@pytest.mark.parametrize(
    "content",
    [
        b"<html><body><script>alert(1)</script></body></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    ],
)
def test_the_minutes_field_refuses_what_is_not_a_pdf(client, staff_user, files, content):
    _agreement, meeting = files
    login(client, staff_user)
    response = client.post(
        reverse("admin:samverkan_meeting_change", args=[meeting.pk]),
        {
            "group": meeting.group_id,
            "date": "2019-05-06",
            "agenda": "",
            "minutes": "",
            "minutes_file": SimpleUploadedFile("protokoll.pdf", content),
            "decisions-TOTAL_FORMS": 0,
            "decisions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["minutes_file"] == ["Filen är inte en PDF. Ladda upp dokumentet som PDF-fil."]
    assert Meeting.objects.get(pk=meeting.pk).minutes_file.name == meeting.minutes_file.name


def test_the_admin_shows_the_stored_files_by_their_access_checked_links(client, staff_user, files):
    agreement, meeting = files
    login(client, staff_user)
    for admin_page, link in [
        ("admin:samverkan_agreementversion_change", links(*files)[0][1]),
        ("admin:samverkan_meeting_change", links(*files)[1][1]),
    ]:
        obj = agreement if "agreement" in admin_page else meeting
        page = client.get(reverse(admin_page, args=[obj.pk])).text
        assert f'href="{link}"' in page
        assert "/samverkan/avtal/avtal" not in page and "samverkan/moten/protokoll" not in page
