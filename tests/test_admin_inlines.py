"""Every unique and exclusion constraint reachable from an admin inline gives a Swedish error
at the row, with the input kept, never an IntegrityError."""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.postgres.constraints import ExclusionConstraint
from django.db.models import UniqueConstraint
from django.test import RequestFactory

from biblioteksportal.admin import PortalInlineFormSet
from biblioteksportal.followup.models import Indicator, Round
from biblioteksportal.models import DevelopmentArea, Person, Responsibility, Year
from kompetens.models import AssessmentRound
from lasframjande.models import WritingArena
from samverkan.models import AgreementVersion, LendingRuleSet, Membership, SharedSystem, WorkGroup

from .builders import make_event, make_library
from .conftest import login

# Django's own check of a formset's rows against each other, for unique fields
DUPLICATE = "Korrigera duplikatvärdena nedan."


def staffing(region, vasteras):
    person = Person.objects.create(region=region, name="Amelie")
    area = Responsibility.objects.create(region=region, name="Digital utveckling")
    row = {
        "responsibility": area.pk,
        "employment": "permanent",
        "percent": 50,
        "start": "2019-01-01",
    }
    return person, row, "Personen har redan en bemanning i ansvarsområdet under en del av perioden."


def area_year(region, vasteras):
    area = DevelopmentArea.objects.create(region=region, app="samverkan", name="Samverkan")
    year = Year.objects.create(region=region, year=2019)
    return (
        year,
        {"area": area.pk},
        DUPLICATE,
    )


def municipality(region, vasteras):
    row = {"name": "Sala", "code": "1981"}
    # a saved row's code by the constraint's message; two new rows' by Django's (a unique field)
    return region, row, ("Det finns redan en kommun med den kommunkoden.", DUPLICATE)


def library(region, vasteras):
    row = {"name": "Sala bibliotek", "kind": "main", "municipality": vasteras.pk}
    return region, row, DUPLICATE


def membership(region, vasteras):
    group = WorkGroup.objects.create(region=region, name="Styrgruppen", start=date(2019, 1, 1))
    person = Person.objects.create(region=region, name="Amelie")
    row = {"person": person.pk, "role": "member", "start": "2019-01-01"}
    return group, row, "Personen är redan medlem i gruppen under en del av perioden."


def party(region, vasteras):
    agreement = AgreementVersion.objects.create(region=region, title="Avtal", version="1")
    row = {"municipality": vasteras.pk, "status": "not_sent"}
    return agreement, row, DUPLICATE


def rollout(region, vasteras):
    system = SharedSystem.objects.create(region=region, name="Koha")
    row = {"municipality": vasteras.pk, "status": "planned"}
    return system, row, DUPLICATE


def lending_rule(region, vasteras):
    rules = LendingRuleSet.objects.create(
        region=region, name="Regler", effective_from=date(2019, 1, 1)
    )
    row = {"kind": "loan_period", "media_type": "Bok", "value": "28"}
    return rules, row, DUPLICATE


def registration(region, vasteras):
    event = make_event(region)
    library = make_library(vasteras)
    row = {"name": "Ada", "email": "ada@example.org", "library": library.pk, "status": "confirmed"}
    return event, row, "E-postadressen är redan anmäld till tillfället."


def statement(region, vasteras):
    round_ = AssessmentRound.objects.create(region=region, name="Höst", held=date(2018, 10, 1))
    row = {"position": 1, "code": "A1", "area": "information", "text": "Jag söker."}
    return round_, row, DUPLICATE


def arena_participation(region, vasteras):
    arena = WritingArena.objects.create(
        region=region,
        title="Skrivarverkstad",
        kind="workshop",
        age_groups=["10-12"],
        start=date(2019, 4, 1),
        place="Biblioteket",
        municipality=vasteras,
        organiser="Biblioteket",
    )
    row = {"age_group": "10-12", "count": 5}
    return arena, row, DUPLICATE


def target(region, vasteras):
    area = DevelopmentArea.objects.create(region=region, app="samverkan", name="Samverkan")
    year = Year.objects.create(region=region, year=2019)
    round_ = Round.objects.create(year=year, kind="tertial", number=1, deadline=date(2019, 5, 15))
    indicator = Indicator.objects.create(region=region, area=area, key="besok", name="Besök")
    return indicator, {"round": round_.pk, "value": "5"}, DUPLICATE


CASES = {
    "Staffing": staffing,
    "AreaYear": area_year,
    "Municipality": municipality,
    "Library": library,
    "Membership": membership,
    "AgreementParty": party,
    "Rollout": rollout,
    "LendingRule": lending_rule,
    "Registration": registration,
    "Statement": statement,
    "ArenaParticipation": arena_participation,
    "Target": target,
}
# Inlines that cannot give a second row: one outcome per area and year (max_num 1), a
# round's reports (read-only, opened by the round) and a user's one profile.
SINGLE_ROW = {"Outcome", "Report", "Profile"}


def messages(message):
    """A case's messages for a clash with a saved row and for two new rows."""
    return message if isinstance(message, tuple) else (message, message)


def inline_models():
    return {i.model.__name__: i.model for m in admin.site._registry.values() for i in m.inlines}


def inline_of(parent, row_model):
    model_admin = admin.site._registry[type(parent)]
    inline = next(i for i in model_admin.inlines if i.model is row_model)
    return inline(type(parent), admin.site)


def bound_formset(parent, row_model, user, new_rows):
    """The inline's formset as the admin binds it: the saved rows as they are, then `new_rows`."""
    request = RequestFactory().post("/")
    request.user = user
    formset_class = inline_of(parent, row_model).get_formset(request, parent)
    prefix = formset_class.get_default_prefix()
    shown = formset_class(instance=parent, prefix=prefix)
    data = {}
    for form in shown.initial_forms:
        for name in form.fields:
            value = form[name].value()
            if value not in (None, False):
                data[form.add_prefix(name)] = value
    for i, row in enumerate(new_rows, start=len(shown.initial_forms)):
        data.update({f"{prefix}-{i}-{name}": value for name, value in row.items()})
    data[f"{prefix}-TOTAL_FORMS"] = len(shown.initial_forms) + len(new_rows)
    data[f"{prefix}-INITIAL_FORMS"] = len(shown.initial_forms)
    return formset_class(data, instance=parent, prefix=prefix)


def constrained(model):
    return any(
        isinstance(c, UniqueConstraint | ExclusionConstraint) for c in model._meta.constraints
    ) or any(f.unique and not f.primary_key for f in model._meta.fields)


def test_every_constrained_inline_checks_its_constraints_and_is_tested_here():
    inlines = [i for m in admin.site._registry.values() for i in m.inlines]
    assert {i.model.__name__ for i in inlines if constrained(i.model)} - SINGLE_ROW == set(CASES)
    assert all(issubclass(i.formset, PortalInlineFormSet) for i in inlines)


@pytest.mark.parametrize("name", CASES)
def test_a_row_that_clashes_with_a_saved_row_is_an_error_at_the_row(
    name, region, vasteras, staff_user
):
    parent, row, message = CASES[name](region, vasteras)
    row_model = inline_models()[name]
    before = row_model.objects.count()  # the region's Västerås, for its municipalities
    formset = bound_formset(parent, row_model, staff_user, [row])
    assert formset.is_valid(), formset.errors
    formset.save()
    formset = bound_formset(parent, row_model, staff_user, [row])
    assert not formset.is_valid()
    *saved, new = formset.forms
    assert new.non_field_errors() == [messages(message)[0]]
    assert all(not form.errors for form in saved)
    assert {new[name].value() for name in row} == set(row.values())
    assert row_model.objects.count() == before + 1


@pytest.mark.parametrize("name", CASES)
def test_two_new_rows_that_clash_are_an_error_at_the_second(name, region, vasteras, staff_user):
    parent, row, message = CASES[name](region, vasteras)
    row_model = inline_models()[name]
    before = row_model.objects.count()
    formset = bound_formset(parent, row_model, staff_user, [row, row])
    assert not formset.is_valid()
    *saved, first, second = formset.forms
    assert not first.errors
    assert second.non_field_errors() == [messages(message)[1]]
    assert row_model.objects.count() == before


def test_rows_of_a_new_parent_are_checked_against_each_other(region, vasteras, staff_user):
    group, row, message = membership(region, vasteras)
    new_group = WorkGroup(region=region, name="Mediagruppen", start=date(2019, 1, 1))
    formset = bound_formset(
        new_group, Membership, staff_user, [row, {**row, "start": "2019-06-01"}]
    )
    assert not formset.is_valid()
    assert formset.forms[1].non_field_errors() == [message]
    assert new_group.pk is None
    assert list(WorkGroup.objects.all()) == [group]


def test_a_row_deleted_in_the_same_save_makes_room(region, vasteras, staff_user):
    group, row, message = membership(region, vasteras)
    Membership.objects.create(group=group, person_id=row["person"], start=date(2018, 1, 1))
    formset = bound_formset(group, Membership, staff_user, [row])
    formset.data = {**formset.data, f"{formset.prefix}-0-DELETE": "on"}
    assert formset.is_valid(), formset.errors
    formset.save()
    assert list(group.members.values_list("start", flat=True)) == [date(2019, 1, 1)]


def test_the_work_group_page_shows_an_overlapping_member_at_the_row(
    region, vasteras, staff_user, client
):
    group, row, message = membership(region, vasteras)
    Membership.objects.create(group=group, person_id=row["person"], start=date(2018, 1, 1))
    login(client, staff_user)
    url = f"/admin/samverkan/workgroup/{group.pk}/change/"
    saved = Membership.objects.get()
    data = {
        "name": group.name,
        "region": region.pk,
        "start": "2019-01-01",
        "members-TOTAL_FORMS": 2,
        "members-INITIAL_FORMS": 1,
        "members-0-id": saved.pk,
        "members-0-group": group.pk,
        "members-0-person": row["person"],
        "members-0-role": "member",
        "members-0-start": "2018-01-01",
        "members-1-person": row["person"],
        "members-1-role": "chair",
        "members-1-start": "2019-03-01",
        "members-1-end": "2019-12-31",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[1].non_field_errors() == [message]
    assert message in response.text
    assert 'value="2019-12-31"' in response.text
    assert Membership.objects.count() == 1
