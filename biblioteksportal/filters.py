"""A page's filters, declared once as a form over the query string, used by the page and by
its downloads alike.

A filter that is missing takes its initial value; one that does not validate keeps its
Swedish error at the field (the page shows it, with what was typed) and takes its initial
value, so the page and its download always answer.
"""

from django import forms


class FilterForm(forms.Form):
    """Subclasses declare fields, each with `initial` or an `initial=` mapping given at
    construction. An error of the whole form (`clean`) makes every filter its initial."""

    def __init__(self, query, *, initial=None, **kwargs):
        super().__init__(query, initial=initial, **kwargs)
        self.is_bound = any(name in query for name in self.fields)
        if self.is_bound:  # the filters left out are shown with their initial values
            self.data = query.copy()
            for name, field in self.fields.items():
                value = self.initial_value(name)
                if name not in query and value is not None:
                    value = field.prepare_value(value)
                    values = value if isinstance(value, list | tuple) else [value]
                    self.data.setlist(name, [str(v) for v in values])

    def full_clean(self):
        super().full_clean()
        for name in self.fields:  # a filter left out without an initial value is no error
            if name not in self.data:
                self._errors.pop(name, None)

    def initial_value(self, name):
        value = self.initial.get(name, self.fields[name].initial)
        return value() if callable(value) else value

    def values(self):
        """{field: value}: what was chosen where it validates, the initial value elsewhere."""
        if not self.is_bound:
            return {name: self.initial_value(name) for name in self.fields}
        if not self.is_valid() and self.non_field_errors():
            return {name: self.initial_value(name) for name in self.fields}
        return {
            name: self.cleaned_data[name]
            if name in self.data and name in self.cleaned_data and name not in self.errors
            else self.initial_value(name)
            for name in self.fields
        }
