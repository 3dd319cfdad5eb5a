from django import forms
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from biblioteksportal.access import one_region, staff_only
from biblioteksportal.documents import check_size
from biblioteksportal.models import Year
from biblioteksportal.tables import respond

from . import activities


class ActivityFileForm(forms.Form):
    file = forms.FileField(
        label=_("Fil"), help_text=_("Den exporterade filen (CSV eller Excel), redigerad.")
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        check_size(file, "UPLOAD_MAX_MB")
        return file


@staff_only
@one_region
def activity_file(request, region, year):
    """The year's activities and their progress per round: the file to download, and its
    import after editing."""
    year = get_object_or_404(Year.objects.select_related("region"), region=region, year=year)
    rounds = list(year.rounds.select_related("year"))
    form, result = ActivityFileForm(), None
    if request.method == "POST":
        form = ActivityFileForm(request.POST, request.FILES)
        if form.is_valid():
            result = activities.import_file(year, rounds, form.cleaned_data["file"].read())
    table = activities.table(year, rounds)
    context = {"year": year, "table": table, "form": form, "result": result}
    return respond(request, "followup/activities.html", context, f"aktiviteter-{year.year}", table)
