"""Forms of 好差评 and 整改 (the resident's rating, the supervisor's two steps)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import Rating, Rectification
from servicecenter.forms import column_limit
from staff.models import Counter


class RatingForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=Rating.Level.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the five ratings.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=column_limit(Rating, "comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TicketRatingForm(RatingForm):
    ticket = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    phone = forms.CharField(
        label=_("Phone, if you would like a call back (optional)"),
        required=False,
        max_length=column_limit(Rating, "contact_phone"),
    )


class ScreenPairForm(forms.Form):
    counter = forms.ModelChoiceField(
        label=_("Counter"), queryset=Counter.objects.filter(is_active=True), empty_label=None
    )


class ContactForm(forms.Form):
    note = forms.CharField(
        label=_("What the resident said"),
        max_length=Rectification._meta.get_field("contact_note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CompleteForm(forms.Form):
    action = forms.CharField(
        label=_("What was done"),
        max_length=Rectification._meta.get_field("action").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
