from django.contrib import admin

from biblioteksportal.admin import PortalAdmin, PortalInline

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
