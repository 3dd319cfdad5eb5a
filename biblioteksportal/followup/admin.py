from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biblioteksportal.admin import PortalAdmin, PortalInline

from .choices import StatisticSource
from .importers import import_kb_file, import_kolada, is_excel
from .models import Indicator, Round, Statistic, StatisticImport, StatisticSeries, Target


class TargetInline(PortalInline, admin.TabularInline):
    model = Target
    fields = ["round", "value"]


@admin.register(Indicator)
class IndicatorAdmin(PortalAdmin):
    list_display = ["name", "key", "area", "unit", "source", "rollup", "region"]
    list_filter = ["region", "area", "source"]
    search_fields = ["name", "key"]
    autocomplete_fields = ["region", "area", "statistic"]
    filter_horizontal = ["goals"]
    inlines = [TargetInline]


@admin.register(Round)
class RoundAdmin(PortalAdmin):
    list_display = ["__str__", "kind", "number", "deadline", "completed"]
    list_filter = ["year__region", "kind"]


@admin.register(StatisticSeries)
class StatisticSeriesAdmin(PortalAdmin):
    list_display = ["code", "title", "source", "unit"]
    list_filter = ["source"]
    search_fields = ["code", "title"]


@admin.register(Statistic)
class StatisticAdmin(PortalAdmin):
    list_display = ["series", "municipality", "year", "gender", "value"]
    list_filter = ["series__source", "year"]
    search_fields = ["series__code", "municipality__name"]
    autocomplete_fields = ["series", "municipality"]


@admin.register(StatisticImport)
class StatisticImportAdmin(PortalAdmin):
    list_display = ["name", "source", "added", "changed", "unchanged", "created"]
    readonly_fields = ["source", "name", "added", "changed", "unchanged", "errors", "user"]

    def get_urls(self):
        view = self.admin_site.admin_view(self.upload_view)
        return [
            path("importera/", view, name="followup_statisticimport_upload"),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = StatisticUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            importers = {StatisticSource.KOLADA: import_kolada, StatisticSource.KB: import_kb_file}
            importer = importers[form.cleaned_data["source"]]
            upload = form.cleaned_data["file"]
            log = importer(upload.read(), upload.name, request.user)
            messages.add_message(
                request,
                messages.WARNING if log.errors else messages.SUCCESS,
                _(
                    "%(added)s tillagda, %(changed)s ändrade, %(unchanged)s oförändrade, "
                    "%(errors)s fel."
                )
                % {
                    "added": log.added,
                    "changed": log.changed,
                    "unchanged": log.unchanged,
                    "errors": len(log.errors),
                },
            )
            return redirect("admin:followup_statisticimport_change", log.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Importera fil"),
        }
        return TemplateResponse(request, "admin/statistic_import.html", context)


class StatisticUploadForm(forms.Form):
    LIMIT = 20 * 1024 * 1024

    source = forms.ChoiceField(label=gettext_lazy("källa"), choices=StatisticSource.choices)
    file = forms.FileField(label=gettext_lazy("fil"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.LIMIT:
            raise forms.ValidationError(_("Filen får vara högst 20 MB."))
        return upload

    def clean(self):
        """An Excel file (.xlsx by its name or its zip signature) is KB's Excel export."""
        data = super().clean()
        upload = data.get("file")
        if upload is None:
            return data
        excel = is_excel(upload.name, upload.read(4))
        upload.seek(0)
        if excel and data.get("source") == StatisticSource.KOLADA:
            self.add_error(
                "file",
                _(
                    "En Excelfil kan bara importeras som KB:s biblioteksstatistik; "
                    "Koladas filer är JSON."
                ),
            )
        return data
