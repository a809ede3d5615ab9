"""The complaint forms: the resident's, the staff's register form and one per handling step."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint
from complaints.services import ComplaintInput
from disclosure.models import ServiceItem
from servicecenter.forms import column_limit, date_input
from servicecenter.personal import normalize_phone
from staff.models import Counter, StaffProfile

DESCRIPTION_LIMIT = 2000
TEXT_LIMIT = 1000


def _text(label, limit: int = TEXT_LIMIT, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        widget=forms.Textarea({"rows": 4}),
    )


class ComplaintForm(forms.Form):
    """What the resident tells; name and phone are optional (anonymous complaints)."""

    description = _text(_("What happened"), DESCRIPTION_LIMIT)
    happened_on = forms.DateField(label=_("When it happened"), required=False, widget=date_input())
    about = forms.ChoiceField(label=_("About"), choices=Complaint.About.choices)
    counter = forms.ModelChoiceField(
        label=_("Counter"), queryset=Counter.objects.filter(is_active=True), required=False
    )
    # Only the staff the identity board shows (挂牌上岗): the public list.
    staff = forms.ModelChoiceField(
        label=_("Staff member"),
        queryset=StaffProfile.objects.filter(is_public=True, user__is_active=True),
        required=False,
    )
    item = forms.ModelChoiceField(
        label=_("Service"), queryset=ServiceItem.objects.published(), required=False
    )
    other = forms.CharField(
        label=_("About (other)"),
        max_length=column_limit(Complaint, "subject_other"),
        required=False,
    )
    reference = forms.CharField(
        label=_("Case or ticket number, if any"),
        max_length=column_limit(Complaint, "reference"),
        required=False,
    )
    wish = _text(_("What you ask for"), required=False)
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=column_limit(Complaint, "complainant_name"),
        required=False,
    )
    phone = forms.CharField(
        label=_("Your phone (optional)"),
        max_length=column_limit(Complaint, "complainant_phone"),
        required=False,
        widget=forms.TextInput({"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        return normalize_phone(phone) if phone else ""

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."), code="future")
        return day

    def clean(self):
        data = super().clean()
        about = data.get("about")
        needed = {
            Complaint.About.COUNTER: ("counter", _("Choose the counter.")),
            Complaint.About.STAFF: ("staff", _("Choose the staff member.")),
            Complaint.About.ITEM: ("item", _("Choose the service.")),
            Complaint.About.OTHER: ("other", _("Say what it is about.")),
        }
        if about in needed:
            field, message = needed[about]
            if not data.get(field) and field not in self.errors:
                self.add_error(field, forms.ValidationError(message, code="required"))
        return data

    def complaint(self) -> ComplaintInput:
        data = self.cleaned_data
        profile = data.get("staff")
        return ComplaintInput(
            description=data["description"],
            about=data["about"],
            happened_on=data.get("happened_on"),
            subject_counter=data.get("counter"),
            subject_staff=profile.user if profile else None,
            subject_item=data.get("item"),
            subject_other=data.get("other", ""),
            reference=data.get("reference", ""),
            wish=data.get("wish", ""),
            name=data.get("name", ""),
            phone=data.get("phone", ""),
        )


class StaffComplaintForm(ComplaintForm):
    """Staff write down a complaint that came by another channel."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[c for c in Complaint.Channel.choices if c[0] != Complaint.Channel.ONLINE],
    )
    staff = forms.ModelChoiceField(
        label=_("Staff member"),
        queryset=StaffProfile.objects.filter(user__is_active=True),
        required=False,
    )
    name = forms.CharField(
        label=_("Complainant's name (optional)"),
        max_length=column_limit(Complaint, "complainant_name"),
        required=False,
    )
    phone = forms.CharField(
        label=_("Complainant's phone (optional)"),
        max_length=column_limit(Complaint, "complainant_phone"),
        required=False,
    )

    field_order = ["channel"]


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=40)
    last4 = forms.CharField(label=_("Last 4 digits of your phone"), max_length=4, required=False)


class AcceptForm(forms.Form):
    nature = forms.ChoiceField(label=_("Nature"), choices=Complaint.Nature.choices)


class DeclineForm(forms.Form):
    reason = _text(_("Why it is not a complaint (the complainant is told)"))


class ForwardForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=get_user_model().objects.none())

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if handlers is not None:
            self.fields["handler"].queryset = handlers
        self.fields["handler"].label_from_instance = lambda user: (
            user.staff_profile.name if hasattr(user, "staff_profile") else user.get_username()
        )


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=30)
    reason = _text(_("Reason"))
    told_how = forms.ChoiceField(
        label=_("How the complainant was told"), choices=Complaint.ReplyMethod.choices
    )


class NoteForm(forms.Form):
    text = _text(_("Text"), DESCRIPTION_LIMIT)


class FindingForm(forms.Form):
    finding = forms.ChoiceField(label=_("Finding"), choices=Complaint.Finding.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Complaint.Outcome.choices)
    opinion = _text(_("Handling opinion"))


class ReplyForm(forms.Form):
    method = forms.ChoiceField(label=_("How"), choices=Complaint.ReplyMethod.choices)
    text = _text(_("What the complainant was told"))


class FollowUpForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Satisfied?"),
        choices=[("yes", _("Satisfied")), ("no", _("Not satisfied"))],
        coerce=lambda value: value == "yes",
    )
    note = _text(_("Note"), required=False)


class ReportForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput({"type": "month"}, "%Y-%m"),
    )


class EmptyForm(forms.Form):
    """A step that asks nothing but its button (归档)."""
