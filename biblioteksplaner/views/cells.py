"""Cells the app's declared tables share."""

from django.template.loader import render_to_string


def day(value):
    """A date as the pages and the downloads write it (ISO 8601), None as none."""
    return value.isoformat() if value else None


def status_html(status):
    return render_to_string("biblioteksplaner/_status.html", {"status": status})


def of_plan(value):
    """A column's value of a row's plan in force (or last ended): value(plan), None without."""
    return lambda row: value(row.status.plan) if row.status.plan else None
