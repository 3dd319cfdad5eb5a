import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from biblioteksportal.filters import FilterForm
from biblioteksportal.models import Municipality
from biblioteksportal.publicforms import PublicForm

from .choices import ActorKind, Offer
from .models import LiteraryActor

MARKUP = re.compile(r"<\s*[a-z/!?]|javascript:|&#?\w+;", re.IGNORECASE)


def no_markup(value):
    if MARKUP.search(value or ""):
        raise ValidationError(_("Texten får inte innehålla HTML-kod eller skript."), "markup")


class ActorRegistrationForm(PublicForm, forms.ModelForm):
    """The public self-registration of a literary actor."""

    limit = 5
    recipient = "email"

    consent = forms.BooleanField(
        label=_("Jag samtycker till att regionen sparar och använder uppgifterna ovan"),
        help_text=_(
            "Uppgifterna används för kartläggningen av länets litterära aktörer och för att "
            "kontakta dig. Du kan när som helst ta bort dem med din personliga länk."
        ),
        error_messages={"required": _("Du behöver samtycka för att kunna anmäla dig.")},
    )

    class Meta:
        model = LiteraryActor
        fields = [
            "name",
            "kinds",
            "municipality",
            "languages",
            "genres",
            "target_groups",
            "offers",
            "description",
            "website",
            "email",
            "phone",
            "income_share",
            "venues",
            "needs",
            "show_in_directory",
        ]
        labels = {
            "name": _("Namn (person, förlag, bokhandel, förening …)"),
            "show_in_directory": _("Visa mig och mina kontaktuppgifter i den offentliga katalogen"),
        }
        help_texts = {
            "show_in_directory": _(
                "Frivilligt. Katalogen visar bara aktörer som har granskats av regionen."
            ),
            "income_share": _("Frivilligt, för kartläggningen. Visas aldrig offentligt."),
        }
        error_messages = {
            "email": {"invalid": _("Ange en giltig e-postadress, t.ex. namn@exempel.se.")},
            "kinds": {"required": _("Välj minst ett slag av aktör.")},
            "name": {"required": _("Ange ditt namn eller organisationens namn.")},
        }

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(region=region)
        self.fields["municipality"].empty_label = _("Ingen kommun i länet / hela länet")
        self.fields["kinds"].choices = ActorKind.choices
        self.fields["income_share"].choices = [("", _("Vill inte svara"))] + list(
            self.fields["income_share"].choices
        )[1:]
        self.fields["email"].required = True
        for name in ("name", "languages", "genres", "description", "phone", "venues", "needs"):
            self.fields[name].validators.append(no_markup)
        for name in ("description", "venues", "needs"):
            limit = self.fields[name].max_length
            self.fields[name].error_messages["max_length"] = _(
                "Texten får vara högst %(limit)s tecken (nu %(show_value)s)."
            ) % {"limit": limit, "show_value": "%(show_value)d"}
            self.fields[name].widget.attrs["rows"] = 4


class DirectorySearchForm(FilterForm):
    """The directory's search: text, kind, offer and municipality, each optional."""

    q = forms.CharField(label=_("Sök"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Slag av aktör"), required=False)
    offer = forms.ChoiceField(label=_("Erbjuder"), required=False)
    municipality = forms.ModelChoiceField(
        label=_("Kommun"), required=False, queryset=Municipality.objects.none()
    )

    def __init__(self, query, *, region):
        super().__init__(query)
        self.fields["kind"].choices = [("", _("Alla"))] + ActorKind.choices
        self.fields["offer"].choices = [("", _("Alla"))] + Offer.choices
        self.fields["municipality"].queryset = Municipality.objects.filter(region=region)
        self.fields["municipality"].empty_label = _("Alla")
