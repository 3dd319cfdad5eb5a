"""The plan register: its constraints, the form messages before them, extensions."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from biblioteksplaner import services
from biblioteksplaner.choices import AdoptingBody
from biblioteksplaner.forms import ExtensionForm, LibraryPlanForm
from biblioteksplaner.models import LibraryPlan

from ..builders import make_plan

D = datetime.date


def form_data(owner, start, end, decision=None, **extra):
    return {
        "region": owner.region_id,
        "municipality": owner.pk,
        "title": "Ny plan",
        "adopted_by": AdoptingBody.MUNICIPAL_COUNCIL,
        "decision_date": decision or start,
        "start": start,
        "end": end,
        "loaded_version": 0,
        **extra,
    }


def test_overlapping_plans_of_one_municipality_are_refused_by_the_database(vasteras):
    make_plan(vasteras, D(2016, 1, 1), D(2019, 12, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_plan(vasteras, D(2019, 12, 31), D(2023, 12, 31))
    make_plan(vasteras, D(2020, 1, 1), D(2023, 12, 31))  # the day after is fine


def test_other_owners_may_overlap(region, vasteras, koping):
    make_plan(vasteras, D(2016, 1, 1), D(2019, 12, 31))
    make_plan(koping, D(2016, 1, 1), D(2019, 12, 31))
    make_plan(region, D(2016, 1, 1), D(2019, 12, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_plan(region, D(2018, 1, 1), D(2021, 12, 31))
    assert LibraryPlan.objects.count() == 3


def test_form_names_the_overlapping_plan_before_the_constraint(vasteras):
    make_plan(vasteras, D(2016, 1, 1), D(2019, 12, 31), title="Gamla planen")
    form = LibraryPlanForm(form_data(vasteras, D(2019, 6, 1), D(2022, 12, 31)))
    assert not form.is_valid()
    assert form.errors["start"] == [
        "Perioden överlappar en annan antagen plan: ”Gamla planen” (2016-01-01–2019-12-31)."
    ]


def test_form_refuses_end_before_start_and_decision_after_start(vasteras):
    form = LibraryPlanForm(form_data(vasteras, D(2020, 1, 1), D(2019, 1, 1)))
    assert form.errors["end"] == ["Slutdatum får inte vara före startdatum."]
    form = LibraryPlanForm(form_data(vasteras, D(2020, 1, 1), D(2023, 1, 1), D(2020, 2, 1)))
    assert form.errors["decision_date"] == ["Beslutsdatum får inte vara efter startdatum."]
    assert not LibraryPlan.objects.exists()


def test_stale_plan_save_is_refused_showing_what_changed(vasteras):
    plan = make_plan(vasteras, D(2016, 1, 1), D(2019, 12, 31), title="Plan A")
    first = LibraryPlanForm(
        form_data(vasteras, plan.start, plan.end, title="Plan A, reviderad"), instance=plan
    )
    assert first.is_valid(), first.errors
    first.save()
    stale = LibraryPlanForm(
        form_data(vasteras, plan.start, plan.end, title="Plan A!", notes="Min anteckning"),
        instance=LibraryPlan.objects.get(pk=plan.pk),
    )
    assert not stale.is_valid()
    errors = stale.non_field_errors()
    assert "Någon annan har sparat ändringar" in errors[0]
    assert "Titel: sparat ”Plan A, reviderad”, ditt ”Plan A!”" in errors
    assert LibraryPlan.objects.get(pk=plan.pk).title == "Plan A, reviderad"
    assert stale.data["loaded_version"] == 1  # saving again is now possible


def test_extension_moves_the_end_and_keeps_the_old_one(vasteras):
    plan = make_plan(vasteras, D(2016, 1, 1), D(2019, 12, 31))
    extension = services.extend_plan(plan, AdoptingBody.COMMITTEE, D(2019, 11, 1), D(2020, 12, 31))
    plan.refresh_from_db()
    assert plan.end == D(2020, 12, 31)
    assert extension.previous_end == D(2019, 12, 31)


def test_extension_form_refuses_an_overlap_and_an_earlier_end(vasteras):
    plan = make_plan(vasteras, D(2016, 1, 1), D(2019, 12, 31))
    make_plan(vasteras, D(2020, 7, 1), D(2023, 12, 31), title="Nästa")
    data = {"plan": plan.pk, "adopted_by": AdoptingBody.COMMITTEE, "decision_date": "2019-11-01"}
    form = ExtensionForm({**data, "new_end": "2020-12-31"})
    assert not form.is_valid()
    assert "”Nästa”" in form.errors["new_end"][0]
    form = ExtensionForm({**data, "new_end": "2019-01-01"})
    assert form.errors["new_end"] == ["Det nya slutdatumet ska vara efter det tidigare."]
    assert ExtensionForm({**data, "new_end": "2020-06-30"}).is_valid()
