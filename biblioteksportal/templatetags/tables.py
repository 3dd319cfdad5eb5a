"""`{% load tables %}`: `{% include "includes/table.html" with table=t|heat_map %}` shows a
declared table as a heat map."""

from django import template

from .. import tables

register = template.Library()
register.filter("heat_map", tables.heat_map)
