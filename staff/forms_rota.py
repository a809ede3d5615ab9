import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from staff.models import AttendanceCorrection, LeaveRequest, Shift


def staff_choices():
    return (
        get_user_model()
        .objects.filter(is_active=True, staff_profile__isnull=False)
        .order_by("staff_profile__badge_number")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj.staff_profile)


class RotaCellForm(forms.Form):
    user = StaffChoiceField(queryset=staff_choices(), label=_("staff"))
    date = forms.DateField(label=_("date"))
    shift = forms.ModelChoiceField(
        queryset=Shift.objects.filter(is_active=True),
        required=False,
        label=_("shift"),
        empty_label=_("day off"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_choices()


class WeekForm(forms.Form):
    week = forms.DateField(label=_("week"))


class ExtensionForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    closes = forms.TimeField(label=_("open until"), widget=forms.TimeInput(attrs={"type": "time"}))
    reason = forms.CharField(label=_("reason"), max_length=200)


class DecideForm(forms.Form):
    id = forms.IntegerField(min_value=1)
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("refuse", "refuse")])
    reason = forms.CharField(max_length=200, required=False)


class LeaveForm(forms.Form):
    kind = forms.ChoiceField(label=_("type of leave"), choices=LeaveRequest.Kind.choices)
    start_date = forms.DateField(label=_("from"), widget=forms.DateInput(attrs={"type": "date"}))
    start_half = forms.ChoiceField(
        label=_("from (half day)"), choices=LeaveRequest.Half.choices, initial="am"
    )
    end_date = forms.DateField(label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))
    end_half = forms.ChoiceField(
        label=_("to (half day)"), choices=LeaveRequest.Half.choices, initial="pm"
    )
    reason = forms.CharField(label=_("reason"), max_length=200)
    substitute = StaffChoiceField(queryset=staff_choices(), label=_("substitute (替班)"))
    emergency = forms.BooleanField(
        label=_("emergency (reported afterwards as 补假)"), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = staff_choices()
        self.fields["substitute"].queryset = choices.exclude(pk=user.pk) if user else choices


class CorrectionForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(
        label=_("what was forgotten"), choices=AttendanceCorrection.Kind.choices
    )
    time = forms.TimeField(label=_("actual time"), widget=forms.TimeInput(attrs={"type": "time"}))
    reason = forms.CharField(label=_("reason"), max_length=200)


class MonthForm(forms.Form):
    month = forms.CharField(max_length=7)

    def clean_month(self) -> dt.date:
        try:
            return dt.datetime.strptime(self.cleaned_data["month"], "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(_("Give the month as 2026-10."), code="month") from None
