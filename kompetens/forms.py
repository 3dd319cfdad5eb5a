from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblioteksportal.documents import validate_text
from biblioteksportal.filters import FilterForm
from biblioteksportal.models import Library
from biblioteksportal.publicforms import PublicForm

from .models import AssessmentRound


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    email = forms.EmailField(
        label=_("E-post"),
        error_messages={"invalid": _("Ange en giltig e-postadress, t.ex. namn@kommun.se.")},
    )
    library = forms.ModelChoiceField(label=_("Bibliotek"), queryset=Library.objects.none())

    def __init__(self, *args, libraries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class PublicRegistrationForm(PublicForm, RegistrationForm):
    """Anyone's registration on the event's page."""

    limit = 20  # a library's staff may register from one address
    recipient = "email"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil med svar"),
        validators=[validate_text],
        help_text=_(
            "Kolumnerna kommun, arbetslag och en kolumn per påstående (dess kod), "
            "värden 1–7. Semikolon eller komma som avgränsare, UTF-8."
        ),
    )


YEARS = range(2000, 2101)  # what a calendar or a statistics page may show


class YearFilter(FilterForm):
    ar = forms.IntegerField(
        label=_("År"),
        min_value=YEARS.start,
        max_value=YEARS.stop - 1,
        initial=lambda: timezone.localdate().year,
        error_messages={
            "invalid": _("Ange ett årtal, t.ex. 2019."),
            "min_value": _("Ange ett år från 2000 till 2100."),
            "max_value": _("Ange ett år från 2000 till 2100."),
        },
    )


class CompareForm(FilterForm):
    before = forms.ModelChoiceField(label=_("Tidigare omgång"), queryset=AssessmentRound.objects)
    after = forms.ModelChoiceField(label=_("Senare omgång"), queryset=AssessmentRound.objects)

    def __init__(self, query, *, rounds):
        super().__init__(query)
        self.fields["before"].queryset = self.fields["after"].queryset = rounds

    def clean(self):
        data = super().clean()
        if data.get("before") and data.get("before") == data.get("after"):
            raise forms.ValidationError(_("Välj två olika omgångar."))
        return data
