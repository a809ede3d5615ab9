"""Forms of 过错责任追究: open, statement, decision, appeal, appeal decision."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from complaints.models import FaultRecord, Rectification
from servicecenter.roles import Role
from staff.names import display_name


def _limit(field: str) -> int:
    return FaultRecord._meta.get_field(field).max_length


def _text(label, field: str, rows: int = 4, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=_limit(field),
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return display_name(user)


class FaultOpenForm(forms.Form):
    staff = StaffChoiceField(
        label=_("Staff member"),
        queryset=get_user_model()
        .objects.filter(is_active=True, groups__name__in=[str(role) for role in Role])
        .distinct()
        .select_related("staff_profile")
        .order_by("username"),
    )
    source = forms.ChoiceField(label=_("Source"), choices=FaultRecord.Source.choices)
    source_reference = forms.CharField(
        label=_("Complaint code, case number or inspection reference"),
        required=False,
        max_length=_limit("source_reference"),
    )
    rectification = forms.ModelChoiceField(
        label=_("Rectification"),
        required=False,
        queryset=Rectification.objects.select_related("rating__case", "rating__ticket"),
    )
    clause = forms.ChoiceField(label=_("Clause"), choices=FaultRecord.Clause.choices)
    facts = _text(_("Facts"), "facts", rows=6)


class StatementForm(forms.Form):
    statement = _text(_("Your statement"), "statement", rows=6)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=FaultRecord.Decision.choices)
    fine_amount = forms.DecimalField(
        label=_("Fine (yuan), for a fine only"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
    )
    reason = _text(_("Grounds of the decision"), "decision_reason")


class AppealForm(forms.Form):
    reason = _text(_("Grounds of the appeal"), "appeal_reason")


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=FaultRecord.AppealOutcome.choices, widget=forms.RadioSelect
    )
    decision = forms.ChoiceField(
        label=_("New decision, when changed"),
        required=False,
        choices=[("", "—"), *FaultRecord.Decision.choices],
    )
    fine_amount = forms.DecimalField(
        label=_("Fine (yuan), for a fine only"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
    )
    note = _text(_("Grounds of the appeal decision"), "appeal_note")
