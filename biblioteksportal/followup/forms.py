from django import forms
from django.utils.translation import gettext_lazy

from biblioteksportal.filters import FilterForm
from biblioteksportal.models import Municipality


class MunicipalityFilter(FilterForm):
    """The indicator dashboard's choice of one municipality's values beside the county's."""

    kommun = forms.ModelChoiceField(
        label=gettext_lazy("Kommun"),
        queryset=Municipality.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("Hela länet"),
        error_messages={"invalid_choice": gettext_lazy("Välj en kommun i länet.")},
    )

    def __init__(self, query, region, **kwargs):
        super().__init__(query, **kwargs)
        self.fields["kommun"].queryset = Municipality.objects.filter(region=region).order_by("name")
