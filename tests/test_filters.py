"""FilterForm: a page's filters over the query string, with errors at the field."""

from datetime import date

from django import forms
from django.http import QueryDict

from biblioteksportal.filters import FilterForm


class Period(FilterForm):
    start = forms.DateField(initial=date(2019, 1, 1))
    end = forms.DateField()
    days = forms.IntegerField(min_value=1, max_value=365, initial=lambda: 30)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError("Slutdatum får inte vara före startdatum.")
        return data


def period(query, **initial):
    return Period(QueryDict(query), initial={"end": date(2019, 12, 31), **initial})


def test_no_query_gives_the_initial_values_and_no_errors():
    form = period("")
    assert form.values() == {"start": date(2019, 1, 1), "end": date(2019, 12, 31), "days": 30}
    assert not form.is_bound and not form.errors


def test_a_valid_choice_is_used_and_the_rest_keep_their_initial_shown_in_the_form():
    form = period("days=7")
    assert form.values() == {"start": date(2019, 1, 1), "end": date(2019, 12, 31), "days": 7}
    assert not form.errors
    assert form["start"].value() == "2019-01-01" and form["end"].value() == "2019-12-31"


def test_an_invalid_value_keeps_its_error_at_the_field_and_falls_back():
    form = period("days=-5&start=2019-02-30")
    assert form.values() == {"start": date(2019, 1, 1), "end": date(2019, 12, 31), "days": 30}
    assert set(form.errors) == {"days", "start"}
    assert form["days"].value() == "-5"  # what was typed is kept


def test_an_error_of_the_whole_form_gives_every_initial_value():
    form = period("start=2019-06-01&end=2019-05-01")
    assert form.values()["start"] == date(2019, 1, 1) and form.non_field_errors()
