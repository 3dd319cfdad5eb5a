"""Validation with clear Swedish messages at the field, admin upload, hooks and demo data."""

import time
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from biblioteksportal.demo.load import load_core
from biblioteksportal.models import AreaYear, Person
from samverkan.choices import SignatureStatus
from samverkan.models import (
    AgreementParty,
    AgreementVersion,
    LendingRuleSet,
    Meeting,
    Membership,
    Rollout,
    SharedSystem,
    Transfer,
    TransferImport,
    WorkGroup,
)
from samverkan.queries import signature_summary
from samverkan.services import add_parties

from ..builders import csv_bytes, generated, import_bytes, make_frame
from ..conftest import login


def messages(obj):
    with pytest.raises(ValidationError) as error:
        obj.full_clean()
    return error.value.message_dict


def test_dates_that_end_before_they_start(region):
    group = WorkGroup(region=region, name="G", start=date(2019, 5, 1), end=date(2019, 4, 1))
    assert messages(group)["end"] == ["Slutdatum får inte vara före startdatum."]


def test_meeting_of_a_group_that_had_ended(region):
    group = WorkGroup.objects.create(
        region=region, name="Mediegruppen", start=date(2017, 1, 1), end=date(2019, 6, 30)
    )
    meeting = Meeting(group=group, date=date(2019, 9, 1))
    assert messages(meeting)["date"] == [
        "Gruppen upphörde 2019-06-30; mötet kan inte ligga efter det."
    ]
    meeting.date = date(2016, 1, 1)
    assert "Gruppen startade 2017-01-01" in messages(meeting)["date"][0]
    meeting.date = date(2019, 6, 30)
    meeting.full_clean()


def test_membership_periods_may_not_overlap(region):
    group = WorkGroup.objects.create(region=region, name="Styrgruppen", start=date(2017, 1, 1))
    person = Person.objects.create(region=region, name="Anna")
    Membership.objects.create(group=group, person=person, start=date(2018, 1, 1))
    again = Membership(group=group, person=person, role="chair", start=date(2019, 1, 1))
    assert messages(again)["__all__"] == [
        "Personen är redan medlem i gruppen under en del av perioden."
    ]


def test_rule_set_on_the_same_date_as_another_shows_at_the_date(client, region, staff_user):
    LendingRuleSet.objects.create(region=region, name="2019", effective_from=date(2019, 3, 4))
    login(client, staff_user)
    response = client.post(
        reverse("admin:samverkan_lendingruleset_add"),
        {
            "region": region.pk,
            "name": "Nya regler",
            "effective_from": "2019-03-04",
            "notes": "",
            "rules-TOTAL_FORMS": 0,
            "rules-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["effective_from"] == [
        "En annan uppsättning låneregler träder redan i kraft det datumet."
    ]
    assert response.context["adminform"].form["name"].value() == "Nya regler"


def test_rollout_live_needs_a_date(region, koping):
    system = SharedSystem.objects.create(region=region, name="Koha")
    rollout = Rollout(system=system, municipality=koping, status="live")
    assert messages(rollout)["go_live"] == ["Ange driftstart när systemet är i drift."]


def test_signed_party_needs_a_date_and_summary(region, vasteras, koping):
    agreement = AgreementVersion.objects.create(region=region, title="Avtal", version="1")
    add_parties(agreement)
    add_parties(agreement)  # idempotent
    assert agreement.parties.count() == 3
    party = agreement.parties.get(municipality=koping)
    party.status = SignatureStatus.SIGNED
    assert messages(party)["date"] == ["Ange datum när parten har skrivit under eller avböjt."]
    party.date, party.signatory = date(2019, 12, 1), "Kommunstyrelsen"
    party.save()
    summary = signature_summary(list(agreement.parties.select_related("municipality")))
    assert (summary["signed"], summary["total"]) == (1, 3)
    assert {p.party_name for p in summary["missing"]} == {"Västerås", "Region Västmanland"}
    agreement.parties.filter(municipality=vasteras).update(
        status=SignatureStatus.DECLINED, date=date(2019, 12, 2)
    )
    summary = signature_summary(list(agreement.parties.select_related("municipality")))
    assert {p.party_name for p in summary["missing"]} == {"Region Västmanland"}
    assert [p.party_name for p in summary["declined"]] == ["Västerås"]


def test_a_signed_party_needs_a_signatory_and_a_date_at_the_fields(region, vasteras, staff_user):
    from tests.test_admin_inlines import bound_formset

    agreement = AgreementVersion.objects.create(region=region, title="Avtal", version="1")
    row = {"municipality": vasteras.pk, "status": SignatureStatus.SIGNED}
    formset = bound_formset(agreement, AgreementParty, staff_user, [row])
    assert not formset.is_valid()
    assert formset.forms[0].errors == {
        "date": ["Ange datum när parten har skrivit under eller avböjt."],
        "signatory": ["Ange vem som skrev under för parten."],
    }
    formset = bound_formset(agreement, AgreementParty, staff_user, [{**row, "date": "2019-12-01"}])
    assert formset.forms[0].errors == {"signatory": ["Ange vem som skrev under för parten."]}
    signed = {**row, "date": "2019-12-01", "signatory": "Kommunstyrelsen"}
    formset = bound_formset(agreement, AgreementParty, staff_user, [signed])
    assert formset.is_valid(), formset.errors
    formset.save()
    # The database holds it too, by a named constraint.
    with (
        pytest.raises(IntegrityError, match="agreement_party_signatory_when_signed"),
        transaction.atomic(),
    ):
        AgreementParty.objects.update(signatory="")
    declined = {**row, "status": SignatureStatus.DECLINED, "date": "2019-12-01"}
    party = AgreementParty(agreement=agreement, **{**declined, "municipality": vasteras})
    party.validate_constraints(exclude={"agreement", "municipality"})  # no signatory needed


def test_a_work_group_cannot_end_before_its_last_meeting(client, region, staff_user):
    group = WorkGroup.objects.create(region=region, name="Mediegruppen", start=date(2017, 1, 1))
    Meeting.objects.create(group=group, date=date(2019, 5, 1))
    Meeting.objects.create(group=group, date=date(2019, 9, 12))
    group.end = date(2019, 6, 30)
    assert messages(group)["end"] == [
        "Gruppen har ett möte 2019-09-12; den kan inte upphöra före det."
    ]
    login(client, staff_user)
    response = client.post(
        reverse("admin:samverkan_workgroup_change", args=[group.pk]),
        {
            "region": region.pk,
            "name": group.name,
            "mandate": "",
            "start": "2017-01-01",
            "end": "2019-06-30",
            "members-TOTAL_FORMS": 0,
            "members-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["end"] == [
        "Gruppen har ett möte 2019-09-12; den kan inte upphöra före det."
    ]
    group.end = date(2019, 9, 12)
    group.full_clean()


def test_report_facts_name_the_declined_parties_apart(region, vasteras, koping):
    year = make_frame(region, municipalities=[vasteras])
    agreement = AgreementVersion.objects.create(region=region, title="Avtal", version="1")
    add_parties(agreement)
    agreement.parties.filter(municipality=koping).update(
        status=SignatureStatus.DECLINED, date=date(2019, 12, 2)
    )
    facts = apps.get_app_config("samverkan").report_facts(
        year.area_years.get(area__app="samverkan")
    )
    assert facts[0] == (
        "0 av 3 parter har skrivit under samverkansavtalet. Underskrift saknas från "
        "Västerås, Region Västmanland. Köping har avböjt."
    )


def test_renewal_warning(region):
    today = timezone.localdate()
    agreement = AgreementVersion(region=region, renewal_date=today + timedelta(days=100))
    assert not agreement.renewal_due(today)
    assert agreement.renewal_due(today + timedelta(days=11))
    assert not agreement.renewal_overdue(today + timedelta(days=100))
    assert agreement.renewal_overdue(today + timedelta(days=101))


def test_route_needs_a_weekday(client, region, staff_user):
    login(client, staff_user)
    response = client.post(
        reverse("admin:samverkan_route_add"),
        {
            "region": region.pk,
            "name": "Blod & böcker",
            "carrier": "Regionen",
            "start": "2019-01-01",
            "end": "2018-01-01",
            "stops-TOTAL_FORMS": 0,
            "stops-INITIAL_FORMS": 0,
        },
    )
    errors = response.context["adminform"].form.errors
    assert errors["weekdays"] == ["Välj minst en veckodag."]
    assert errors["end"] == ["Slutdatum får inte vara före startdatum."]


def test_admin_upload_queues_the_import_for_a_worker(
    client, region, staff_user, libraries, run_jobs
):
    """The upload stores the file and the status row and queues a job; nothing is imported
    until a worker runs it, and the page follows the row."""
    login(client, staff_user)
    upload = SimpleUploadedFile("bt.csv", generated(2_000))
    response = client.post(
        reverse("admin:samverkan_transferimport_add"), {"region": region.pk, "file": upload}
    )
    run = TransferImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("samverkan:import", args=[run.pk])
    (job,) = run_jobs.queue.jobs.values()
    assert (job["task_name"], job["args"], job["status"]) == (
        "samverkan.tasks.import_transfers",
        {"run_id": run.pk},
        "todo",
    )
    status_url = reverse("samverkan:import-status", args=[run.pk])
    assert client.get(status_url).json()["status"] == "pending"
    assert not Transfer.objects.exists()

    run_jobs()
    assert client.get(status_url).json() == {
        "status": "done",
        "status_label": "Klar",
        "percent": 100,
        "rows_read": 2_000,
        "rows_added": 2_000,
        "bad_rows": 0,
        "finished": True,
    }
    assert Transfer.objects.count() == 2_000
    assert not run_jobs.queue.jobs  # run, and removed from the queue
    assert "2000 rader lästa, 2000 nya, 0 felaktiga." in client.get(response["Location"]).text


def test_admin_upload_rejects_an_empty_file(client, region, staff_user):
    login(client, staff_user)
    response = client.post(
        reverse("admin:samverkan_transferimport_add"),
        {"region": region.pk, "file": SimpleUploadedFile("tom.csv", b"")},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == ["Den skickade filen är tom."]
    assert not TransferImport.objects.exists()


XLSX = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml\n,;|" * 50


@pytest.mark.parametrize(
    "data, message",
    [
        (
            b"branchtransfer_id itemnumber\n1 2\n",
            "Hittar ingen avgränsare i rubrikraden. Filen ska vara en CSV-fil med komma, "
            "semikolon eller tabb mellan kolumnerna.",
        ),
        (
            b"branchtransfer_id,itemnumber,x\n1,101,VAS\n",
            "Kolumner saknas i rubrikraden: datesent, frombranch, tobranch. En export av "
            "branchtransfers behöver minst itemnumber, datesent, frombranch, tobranch.",
        ),
        (
            XLSX,
            "Filen är inte en CSV-fil utan ett kalkylark, ett zip-arkiv eller en annan binär "
            "fil. Spara rapporten från Koha som CSV.",
        ),
    ],
)
def test_admin_upload_refuses_a_file_that_is_not_a_transfer_export(
    client, region, staff_user, data, message
):
    """Refused at the upload with the reason, not stored, imported and marked failed."""
    login(client, staff_user)
    response = client.post(
        reverse("admin:samverkan_transferimport_add"),
        {"region": region.pk, "file": SimpleUploadedFile("bt.xlsx", data)},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == [message]
    assert not TransferImport.objects.exists()


def test_import_page_per_role(role_clients, region, libraries):
    run = import_bytes(region, csv_bytes(["1,x,1,T,2019-01-01,2019-01-01,VAS,,,ZZZ,,R"]))
    url = reverse("samverkan:import", args=[run.pk])
    assert role_clients["anonymous"].get(url)["Location"].startswith(reverse("login"))
    assert role_clients["reporter"].get(url).status_code == 403
    assert role_clients["head"].get(url).status_code == 403
    page = role_clients["staff"].get(url).text
    assert "itemnumber är inte ett heltal: ”x”." in page
    status = role_clients["staff"].get(reverse("samverkan:import-status", args=[run.pk]))
    assert status.json()["bad_rows"] == 1


def test_home_links_per_role(staff_user, head_user, reporter_user):
    config = apps.get_app_config("samverkan")
    assert config.home_links(reporter_user) == []
    head = dict(config.home_links(head_user))
    assert head["Flytande bestånd"] == reverse("samverkan:floating")
    assert "Läs in överföringar från Koha" not in head
    staff = dict(config.home_links(staff_user))
    assert staff["Läs in överföringar från Koha"] == reverse("admin:samverkan_transferimport_add")


def test_demo_data_and_report_facts(db):
    """The demo through the real importer, and the facts computed from it."""
    region = load_core()
    started = time.monotonic()
    apps.get_app_config("samverkan").load_demo(region)
    assert time.monotonic() - started < 20
    agreement = AgreementVersion.objects.get(region=region, version="1.0")
    assert agreement.parties.count() == 11
    assert set(agreement.parties.values_list("status", flat=True)) == {"sent"}
    assert WorkGroup.objects.filter(region=region).count() == 4
    koha = SharedSystem.objects.get(name="Biblioteksdatasystemet Koha")
    assert koha.rollouts.filter(status="live", training__isnull=False).count() == 10
    run = TransferImport.objects.get(file_name="branchtransfers-2019.csv")
    assert (run.status, run.rows_added, run.bad_rows, run.unmapped) == ("done", 30_000, 0, {})
    area_year = AreaYear.objects.get(area__app="samverkan", year__year=2019)
    facts = apps.get_app_config("samverkan").report_facts(area_year)
    assert facts[0].startswith("0 av 11 parter har skrivit under samverkansavtalet.")
    assert "Biblioteksdatasystemet Koha är i drift i 10 av 10 kommuner; utbildning i 10." in facts
    assert any(f.startswith("4 arbetsgrupper var verksamma") for f in facts)
    in_2019 = Transfer.objects.filter(date__year=2019).count()
    assert in_2019 == 30_000
    assert facts[-1].startswith("30\xa0000 överföringar mellan biblioteken registrerades i Koha")
    # Loading again changes nothing.
    apps.get_app_config("samverkan").load_demo(region)
    assert Transfer.objects.count() == 30_000 and AgreementParty.objects.count() == 11
