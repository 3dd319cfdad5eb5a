from django import forms
from django.utils.translation import gettext_lazy as _

from biblioteksportal.filters import FilterForm


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodForm(FilterForm):
    """The floating collection's filters; `initial` gives the period's start and end."""

    start = forms.DateField(label=_("Från"), widget=DateInput())
    end = forms.DateField(label=_("Till och med"), widget=DateInput())
    reason = forms.ChoiceField(label=_("Orsak"), required=False, initial="")

    def __init__(self, query, reasons, *, initial):
        super().__init__(query, initial=initial)
        self.fields["reason"].choices = [("", _("Alla orsaker"))] + [(r, r) for r in reasons]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Slutdatum får inte vara före startdatum."))
        return data


class BackAndForthForm(PeriodForm):
    days = forms.IntegerField(
        label=_("Inom antal dagar"),
        initial=30,
        min_value=1,
        max_value=365,
        error_messages={
            "min_value": _("Ange minst 1 dag."),
            "max_value": _("Ange högst 365 dagar."),
            "invalid": _("Ange ett heltal."),
        },
    )


class RulesForm(FilterForm):
    date = forms.DateField(label=_("Regler som gäller den"), widget=DateInput(), required=False)
    a = forms.TypedChoiceField(label=_("Jämför version"), coerce=int, required=False)
    b = forms.TypedChoiceField(label=_("med version"), coerce=int, required=False)

    def __init__(self, query, rule_sets):
        """`rule_sets`: the evaluated list, so that the choices cost no query."""
        super().__init__(query)
        choices = [("", "–")] + [(s.pk, str(s)) for s in rule_sets]
        self.fields["a"].choices = self.fields["b"].choices = choices
