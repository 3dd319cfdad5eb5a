"""A follow-up round's pages: who has reported, a municipality's entry of its values, and
regional staff's entry of the activities' status and the region's own values."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biblioteksportal import report
from biblioteksportal.access import CHANGE, ENTER, any_role, can, one_region, readers, staff_only
from biblioteksportal.choices import ActivityStatus
from biblioteksportal.models import NOT_DONE, REASON_NEEDED, Municipality

from . import period_report, rounds, services
from .choices import RoundState
from .models import VALUE
from .outcomes import exact, shown, unit_of

COMPLETE_MESSAGE = gettext_lazy("Omgången är avslutad och kan inte ändras.")


def _beside(row, last_period, last_year):
    """The help text beside an input: the last period's and last year's values."""
    parts = []
    if last_period:
        parts.append(
            _("Förra perioden (%(period)s): %(value)s")
            % {"period": last_period.label, "value": shown(row.indicator, row.last_period)}
        )
    if last_year:
        parts.append(
            _("Samma period förra året: %(value)s") % {"value": shown(row.indicator, row.last_year)}
        )
    return " · ".join(parts)


def _value_field(row, last_period, last_year):
    return forms.DecimalField(
        label=f"{row.indicator.name}{unit_of(row.indicator)}",
        required=False,
        initial=exact(row.indicator, row.value),
        help_text=_beside(row, last_period, last_year),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **VALUE,
    )


class ValuesForm(forms.Form):
    """A decimal input per indicator, and with `comments` an analysis beside each."""

    def __init__(self, rows, last_period, last_year, comments=False, **kwargs):
        super().__init__(**kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"value_{row.indicator.pk}"] = _value_field(row, last_period, last_year)
            if comments:
                self.fields[f"comment_{row.indicator.pk}"] = forms.CharField(
                    label=_("Analys av %(name)s") % {"name": row.indicator.name},
                    required=False,
                    initial=row.comment,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def values(self):
        return {r.indicator: self.cleaned_data[f"value_{r.indicator.pk}"] for r in self.rows}

    def values_with_comments(self):
        return {
            r.indicator: (
                self.cleaned_data[f"value_{r.indicator.pk}"],
                self.cleaned_data[f"comment_{r.indicator.pk}"].strip(),
            )
            for r in self.rows
        }


class ActivitiesForm(forms.Form):
    """A status and a comment per activity."""

    def __init__(self, activities, reports, **kwargs):
        super().__init__(**kwargs)
        self.activities = activities
        choices = [("", _("Ej rapporterad")), *ActivityStatus.choices]
        for activity in activities:
            report = reports.get(activity.pk)
            self.fields[f"status_{activity.pk}"] = forms.ChoiceField(
                label=_("Status för %(title)s") % {"title": activity.title},
                choices=choices,
                required=False,
                initial=report.status if report else "",
            )
            self.fields[f"comment_{activity.pk}"] = forms.CharField(
                label=_("Kommentar till %(title)s") % {"title": activity.title},
                required=False,
                initial=report.comment if report else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        data = super().clean()
        for activity in self.activities:
            status = data.get(f"status_{activity.pk}")
            comment = (data.get(f"comment_{activity.pk}") or "").strip()
            if status in NOT_DONE and not comment:
                self.add_error(
                    f"comment_{activity.pk}",
                    REASON_NEEDED,
                )
        return data

    def reports(self):
        return {
            a: (
                self.cleaned_data[f"status_{a.pk}"],
                self.cleaned_data[f"comment_{a.pk}"].strip(),
            )
            for a in self.activities
        }


@readers
@one_region
def round_page(request, region, pk):
    """The round's state and deadline, who has reported and who is late; staff may mark it
    complete or reopen it."""
    round_ = rounds.round_of(region, pk)
    staff = can(request.user, CHANGE)
    if request.method == "POST":
        if not staff:
            raise PermissionDenied
        if request.POST.get("action") == "reopen":
            services.reopen(round_)
            messages.success(request, _("Omgången är öppnad igen."))
        else:
            services.complete(round_)
            messages.success(request, _("Omgången är avslutad."))
        return redirect("followup:round", pk=round_.pk)
    state = round_.state()
    context = {
        "round": round_,
        "state": RoundState(state).label,
        "complete": state == RoundState.COMPLETE,
        "late": state == RoundState.LATE,
        "reported": rounds.reported(round_),
        "staff": staff,
    }
    return render(request, "followup/round.html", context)


@readers
@one_region
def round_report(request, region, pk):
    """The period's report (the tertial report, say) as a page, a PDF or a Word document."""
    round_ = rounds.round_of(region, pk)
    context = period_report.build(round_)
    page, document = "followup/period_report.html", period_report.DOCUMENT
    name = slugify(context["title"])
    return report.respond(request, context, name, page, period_report.render_docx, document)


@any_role
@one_region
def round_entry(request, region, pk, code):
    """A municipality's values for the round, by its reporter, its library head or staff."""
    round_ = rounds.round_of(region, pk)
    municipality = get_object_or_404(Municipality, region=region, code=code)
    if not can(request.user, ENTER, municipality):
        raise PermissionDenied
    found, last_period, last_year = rounds.rows(round_, rounds.entered(round_), municipality)
    form = ValuesForm(found, last_period, last_year)
    if request.method == "POST":
        form = ValuesForm(found, last_period, last_year, data=request.POST)
        if round_.completed:
            messages.error(request, COMPLETE_MESSAGE)
        elif form.is_valid():
            services.save_municipality_values(round_, municipality, form.values(), request.user)
            messages.success(request, _("Värdena är sparade."))
            return redirect("followup:round_entry", pk=round_.pk, code=municipality.code)
    context = {
        "round": round_,
        "municipality": municipality,
        "form": form,
        "complete": bool(round_.completed),
    }
    return render(request, "followup/round_entry.html", context)


@staff_only
@one_region
def round_activities(request, region, pk):
    """Each activity's status and comment in the round, and the region's own values with
    their analysis."""
    round_ = rounds.round_of(region, pk)
    activities = rounds.activities(round_)
    reports = rounds.reports(round_)
    found, last_period, last_year = rounds.rows(round_, rounds.indicators(round_))
    data = request.POST if request.method == "POST" else None
    activity_form = ActivitiesForm(activities, reports, data=data, prefix="a")
    values_form = ValuesForm(found, last_period, last_year, comments=True, data=data, prefix="v")
    if data is not None:
        if round_.completed:
            messages.error(request, COMPLETE_MESSAGE)
        elif activity_form.is_valid() & values_form.is_valid():
            services.save_activities_and_region_values(
                round_, activity_form.reports(), values_form.values_with_comments(), request.user
            )
            messages.success(request, _("Uppföljningen är sparad."))
            return redirect("followup:round_activities", pk=round_.pk)
    context = {
        "round": round_,
        "activity_form": activity_form,
        "values_form": values_form,
        "complete": bool(round_.completed),
    }
    return render(request, "followup/round_activities.html", context)
