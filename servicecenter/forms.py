"""Small helpers every app's forms and views use to check what a person sent."""

from django import forms
from django.db import models
from django.utils.translation import gettext as _

# The largest id PostgreSQL's bigint holds; a larger number is no id of ours.
MAX_ID = 2**63 - 1


def parse_id(value: object) -> int | None:
    """A positive whole-number id from a URL or form, or None for anything else."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def column_limit(model: type[models.Model], field: str) -> int:
    """The number of characters a model's column holds, for the form that fills it."""
    return model._meta.get_field(field).max_length


def form_errors(form: forms.Form) -> list[str]:
    """Every error of a form, each named by its field's label: all shown at once."""
    found = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        for error in errors:
            if field is None or not field.label:
                found.append(error)
            else:
                found.append(_("%(label)s: %(error)s") % {"label": field.label, "error": error})
    return found


def form_error(form: forms.Form) -> str:
    """A form's first error for a one-line message, named by its field's label."""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        if field is None or not field.label:
            return errors[0]
        return _("%(label)s: %(error)s") % {"label": field.label, "error": errors[0]}
    return ""


class ModelIdsField(forms.ModelMultipleChoiceField):
    """Several records chosen by id; an id no database integer holds is refused like any
    unknown one (SQLite's `IN (…)` would overflow)."""

    def _check_values(self, value):
        for pk in value:
            if parse_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:20]},
                )
        return super()._check_values(value)


def date_input() -> forms.DateInput:
    """The browser's own date picker, with the ISO date it sends back."""
    return forms.DateInput({"type": "date"}, "%Y-%m-%d")
