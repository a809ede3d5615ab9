from django import forms
from django.utils.translation import gettext_lazy as _

from servicecenter.personal import normalize_id_number
from staff.models import StaffProfile


class StaffProfileForm(forms.ModelForm):
    # The stored ID number is never put back into the page; a new one replaces it.
    new_id_number = forms.CharField(
        label=_("New ID number"),
        required=False,
        max_length=18,
        help_text=_("Leave empty to keep the stored number. Stored encrypted, shown masked."),
    )

    class Meta:
        model = StaffProfile
        fields = [
            "user",
            "name",
            "title",
            "badge_number",
            "counter",
            "phone",
            "phone_is_public",
            "photo",
            "is_public",
        ]

    def clean_new_id_number(self) -> str:
        value = self.cleaned_data["new_id_number"].strip()
        return normalize_id_number(value) if value else ""

    def save(self, commit: bool = True) -> StaffProfile:
        if self.cleaned_data.get("new_id_number"):
            self.instance.id_number = self.cleaned_data["new_id_number"]
        return super().save(commit=commit)
