"""Forms of the overtime, training, induction and assessment pages (staff/views_people.py)."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicecenter.forms import ModelIdsField, column_limit
from servicecenter.roles import Role
from staff.models import Assessment, OvertimeRequest, TrainingSession
from staff.names import display_name


def staff_users():
    """Active accounts holding one of the center's roles."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=Role.values)
        .select_related("staff_profile")
        .distinct()
        .order_by("username")
    )


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def hours_field(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=3,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=Decimal(24),
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "24"}),
    )


def within_reach(day: dt.date) -> dt.date:
    """A date from 2000 to a year ahead: anything else is a typing slip (and a year 9999
    would overflow the time-zone arithmetic)."""
    if not dt.date(2000, 1, 1) <= day <= timezone.localdate() + dt.timedelta(days=366):
        raise forms.ValidationError(_("Choose a date between 2000 and a year from today."))
    return day


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return display_name(obj)


class StaffChoicesField(ModelIdsField):
    def label_from_instance(self, obj) -> str:
        return display_name(obj)


class OvertimeRequestForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=date_input())
    planned_hours = hours_field(_("Planned hours"))
    reason = forms.CharField(label=_("Reason"), max_length=column_limit(OvertimeRequest, "reason"))
    exception = forms.BooleanField(
        label=_("Beyond the daily cap: ask the director for an exception"), required=False
    )

    def clean_day(self) -> dt.date:
        return within_reach(self.cleaned_data["day"])


class OvertimeDecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=column_limit(OvertimeRequest, "exception_reason"),
    )


class OvertimeRecordForm(forms.Form):
    worked_hours = hours_field(_("Hours worked"))
    compensation = forms.ChoiceField(
        label=_("Compensation"), choices=OvertimeRequest.Compensation.choices
    )


class TrainingSessionForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=column_limit(TrainingSession, "topic"))
    trainer = forms.CharField(
        label=_("Trainer"), max_length=column_limit(TrainingSession, "trainer")
    )
    date = forms.DateField(label=_("Date"), widget=date_input())
    hours = hours_field(_("Hours"))
    attendees = StaffChoicesField(
        label=_("Attendees"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = staff_users()

    def clean_date(self) -> dt.date:
        return within_reach(self.cleaned_data["date"])


class InductionForm(forms.Form):
    user = StaffChoiceField(label=_("New staff member"), queryset=None)
    mentor = StaffChoiceField(label=_("Mentor (专人负责)"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_users().filter(induction__isnull=True)
        self.fields["mentor"].queryset = staff_users()


class AssessmentChoiceForm(forms.Form):
    """Whom and which period to assess; any day of the period names it."""

    user = StaffChoiceField(label=_("Staff member"), queryset=None)
    period = forms.ChoiceField(label=_("Period"), choices=Assessment.Period.choices)
    day = forms.DateField(
        label=_("Month or year"),
        input_formats=["%Y-%m-%d", "%Y-%m", "%Y"],
        help_text=_("e.g. 2026-10 for a month, 2026 for a year"),
    )

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_users()
        self.fields["period"].choices = [
            choice for choice in Assessment.Period.choices if choice[0] in periods
        ]

    def clean_day(self) -> dt.date:
        return within_reach(self.cleaned_data["day"])


class AssessmentForm(forms.Form):
    grade = forms.ChoiceField(
        label=_("Grade"), choices=Assessment.Grade.choices, widget=forms.RadioSelect
    )
    comments = forms.CharField(
        label=_("Supervisor's comments"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class MonthForm(forms.Form):
    """Which month's overtime totals to show (?month=2026-11)."""

    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m"])

    def clean_month(self) -> dt.date:
        return within_reach(self.cleaned_data["month"])
