from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biblioteksportal.documents import DocumentInput, show_stored
from biblioteksportal.filters import FilterForm

from .models import LibraryPlan, PlanExtension, Report


def shown(form, name, value):
    """A value as the form's user reads it."""
    field = form.fields[name]
    if value in (None, ""):
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if getattr(field, "choices", None):
        return str(dict(field.choices).get(value, value))
    return str(value)


class VersionedForm(forms.ModelForm):
    """Refuses a save when the object changed since the form was loaded, naming each field
    that differs; the user's input stays in the form, and the object is not touched."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and loaded is not None and loaded != self.instance.version:
            changes = [
                _("%(field)s: sparat ”%(stored)s”, ditt ”%(yours)s”")
                % {
                    "field": self.fields[name].label,
                    "stored": shown(self, name, getattr(self.instance, name)),
                    "yours": shown(self, name, cleaned.get(name)),
                }
                for name in self.fields
                if name in cleaned
                and name not in ("document", "loaded_version")
                and getattr(self.instance, name) != cleaned[name]
            ]
            self.data = self.data.copy()
            self.data["loaded_version"] = self.instance.version  # saving again overwrites knowingly
            raise forms.ValidationError(
                [
                    _(
                        "Någon annan har sparat ändringar sedan du öppnade sidan. "
                        "Inget har sparats från dig; dina uppgifter finns kvar i formuläret. "
                        "Jämför och spara igen."
                    )
                ]
                + (changes or [_("Inga fält skiljer sig från det sparade.")])
            )
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        obj = super().save(commit=False)
        obj.version += 1
        if commit:
            obj.save()
            self.save_m2m()
        return obj


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(VersionedForm):
    class Meta:
        model = Report
        fields = [
            "has_plan",
            "plan_title",
            "adopted_by",
            "decision_date",
            "start",
            "end",
            "document",
            "document_url",
            "followed_up",
            "drafting",
            "expected_adoption",
            "support_wanted",
            "comment",
        ]
        widgets = {
            "decision_date": DATE,
            "start": DATE,
            "end": DATE,
            "expected_adoption": DATE,
            "document": DocumentInput(attrs={"accept": "application/pdf"}),
            "support_wanted": forms.Textarea(attrs={"rows": 3}),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name = self.instance.document_name or _("Uppladdat dokument (PDF)")
        show_stored(self, "document", "biblioteksplaner:report-document", name)

    def full_clean(self):
        """A valid file chosen in a form that fails elsewhere is not kept (a page sent back
        cannot hold a chosen file): the field says it must be chosen again."""
        super().full_clean()
        chosen = self.is_bound and self.cleaned_data.get("document")
        if self._errors and chosen and "document" in self.changed_data:
            self.add_error(
                "document",
                _(
                    "Filen är inte sparad eftersom något annat i formuläret behöver rättas. "
                    "Välj filen igen innan du sparar."
                ),
            )

    def save(self, commit=True):
        if "document" in self.changed_data:
            document = self.cleaned_data["document"]
            self.instance.document_name = document.name if document else ""
        return super().save(commit)


class ReportAdminForm(VersionedForm):
    class Meta:
        model = Report
        fields = [name for name in ReportForm.Meta.fields if name != "document"] + [
            "reviewer_comment"
        ]


class ReviewForm(forms.Form):
    reviewer_comment = forms.CharField(
        label=gettext_lazy("Kommentar till kommunen"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Krävs när svaret skickas tillbaka för komplettering."),
    )


class LibraryPlanForm(VersionedForm):
    class Meta:
        model = LibraryPlan
        fields = [
            "region",
            "municipality",
            "title",
            "adopted_by",
            "decision_date",
            "start",
            "end",
            "document",
            "document_url",
            "notes",
        ]
        widgets = {"document": DocumentInput(attrs={"accept": "application/pdf"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        show_stored(self, "document", "biblioteksplaner:plan-document", self.instance.title)


class ExtensionForm(forms.ModelForm):
    class Meta:
        model = PlanExtension
        fields = ["plan", "adopted_by", "decision_date", "new_end"]

    def clean(self):
        cleaned = super().clean()
        plan, new_end = cleaned.get("plan"), cleaned.get("new_end")
        if plan and new_end:
            if new_end <= plan.end:
                self.add_error("new_end", _("Det nya slutdatumet ska vara efter det tidigare."))
            else:
                extended = LibraryPlan(
                    pk=plan.pk,
                    region_id=plan.region_id,
                    municipality_id=plan.municipality_id,
                    title=plan.title,
                    adopted_by=plan.adopted_by,
                    decision_date=plan.decision_date,
                    start=plan.start,
                    end=new_end,
                )
                try:
                    extended.clean()
                except forms.ValidationError as error:
                    self.add_error("new_end", error.messages)
        return cleaned


def next_year():
    return timezone.localdate().year + 1


class OverviewFilters(FilterForm):
    """The county overview's filters: the day of the status, the year checked for a gap."""

    YEAR_ERROR = gettext_lazy("Ange ett år mellan 2000 och 2100.")

    datum = forms.DateField(
        label=gettext_lazy("Status per datum"),
        initial=timezone.localdate,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Ange ett datum som ÅÅÅÅ-MM-DD.")},
    )
    ar = forms.IntegerField(
        label=gettext_lazy("Vilka saknar giltig plan år"),
        initial=next_year,
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": YEAR_ERROR, "min_value": YEAR_ERROR, "max_value": YEAR_ERROR},
    )
