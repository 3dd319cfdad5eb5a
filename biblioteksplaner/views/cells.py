"""Cells the app's declared tables share."""

from django.utils.html import format_html


def day(value):
    """A date as the pages and the downloads write it (ISO 8601), None as none."""
    return value.isoformat() if value else None


def status_html(status):
    """The status's label after its symbol (which screen readers skip)."""
    return format_html(
        '<span class="plan-status plan-status-{}"><span aria-hidden="true">{}</span> {}</span>',
        status.code,
        status.symbol,
        status.label,
    )


def of_plan(value):
    """A column's value of a row's plan in force (or last ended): value(plan), None without."""
    return lambda row: value(row.status.plan) if row.status.plan else None
