import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from disclosure.models import Category
from intake.models import Appointment, Case, CaseNotice, Consultation, LostItem, Ticket
from servicecenter.forms import MAX_ID, ModelIdsField, column_limit, date_input
from staff.models import Counter

# An ID number as typed may carry spaces between its groups (110105 19491231 002X); the
# checked number is 18 characters, and the column keeps it encrypted.
ID_NUMBER_AS_TYPED = 24


class KioskForm(forms.Form):
    # The category is looked up among the open ones (intake.queue.FrontDesk).
    category = forms.CharField(
        max_length=40, error_messages={"required": _("Choose a service category.")}
    )
    token = forms.CharField(required=False, max_length=200)


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Booking code"), max_length=column_limit(Appointment, "code"))
    last4 = forms.RegexField(
        label=_("Last 4 digits of your phone"),
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": _("Enter the last 4 digits of the phone you booked with.")},
    )


class SlotQueryForm(forms.Form):
    category = forms.ModelChoiceField(queryset=Category.objects.filter(appointment_capacity__gt=0))
    day = forms.DateField()


class BookingForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Service category"),
        queryset=Category.objects.filter(appointment_capacity__gt=0),
        empty_label=None,
    )
    day = forms.DateField(label=_("Day"), widget=date_input())
    slot = forms.TimeField(label=_("Time"))
    name = forms.CharField(label=_("Name"), max_length=column_limit(Appointment, "name"))
    phone = forms.CharField(label=_("Mobile phone"), max_length=column_limit(Appointment, "phone"))

    def clean_day(self) -> dt.date:
        day = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        return day


class SignOnForm(forms.Form):
    counter = forms.ModelChoiceField(
        label=_("Counter"), queryset=Counter.objects.filter(is_active=True), empty_label=None
    )


class TicketForm(forms.Form):
    """The workstation's current ticket, sent with each of its buttons."""

    ticket = forms.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "required": _("No ticket was chosen."),
            "invalid": _("No ticket was chosen."),
            "min_value": _("No ticket was chosen."),
            "max_value": _("No ticket was chosen."),
        },
    )


class TransferForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("To category"), queryset=Category.objects.all(), required=False
    )
    counter = forms.ModelChoiceField(
        label=_("To counter"), queryset=Counter.objects.filter(is_active=True), required=False
    )


class PriorityTicketForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), empty_label=None
    )
    priority = forms.ChoiceField(
        label=_("Green channel for"),
        choices=[choice for choice in Ticket.Priority.choices if choice[0]],
    )


class StatsForm(forms.Form):
    day = forms.DateField(label=_("Day"), required=False, widget=date_input())

    def clean_day(self) -> dt.date:
        day = self.cleaned_data["day"] or timezone.localdate()
        if day > timezone.localdate() or day.year < 2000:
            raise forms.ValidationError(_("Choose a day that is not in the future."))
        return day


class CaseForm(forms.Form):
    """受理登记. The applicant's data is validated by intake.cases (one place for the rules)."""

    applicant_name = forms.CharField(
        label=_("Applicant's name"), max_length=column_limit(Case, "applicant_name"), required=False
    )
    applicant_id_number = forms.CharField(
        label=_("ID number"), max_length=ID_NUMBER_AS_TYPED, required=False
    )
    applicant_phone = forms.CharField(
        label=_("Phone"), max_length=column_limit(Case, "applicant_phone"), required=False
    )
    agent_name = forms.CharField(
        label=_("Agent's name (if someone applies for them)"),
        max_length=column_limit(Case, "agent_name"),
        required=False,
    )
    agent_id_number = forms.CharField(
        label=_("Agent's ID number"), max_length=ID_NUMBER_AS_TYPED, required=False
    )
    agent_phone = forms.CharField(
        label=_("Agent's phone"), max_length=column_limit(Case, "agent_phone"), required=False
    )
    # Not needed for a referral; case_accept insists on it.
    mode = forms.ChoiceField(label=_("How it is handled"), choices=[], required=False)
    received = ModelIdsField(
        label=_("Materials handed in"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        # A supervisor may have changed the item's materials while this form was open.
        error_messages={
            "invalid_choice": _("The list of materials has changed; please tick them again."),
            "invalid_pk_value": _("The list of materials has changed; please tick them again."),
        },
    )
    # 首问负责制 across services: a second case for the same ticket is ticked on purpose.
    another = forms.BooleanField(
        label=_("Register another case for this ticket (another service)"), required=False
    )
    # 不予受理: only for a refusal; intake.cases.refusal_issue insists on both.
    refusal_reason = forms.CharField(
        label=_("What is not accepted, and why"),
        max_length=column_limit(CaseNotice, "refusal_reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    refusal_basis = forms.CharField(
        label=_("Basis of the refusal (law, regulation)"),
        max_length=column_limit(CaseNotice, "refusal_basis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, item, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # A paste longer than the limit is told, not cut by the browser (maxlength).
            field.widget.attrs.pop("maxlength", None)
        self.item = item
        self.fields["received"].queryset = item.materials.all()
        self.fields["received"].label_from_instance = lambda m: (
            f"{m.name}（{m.get_form_display()}，{m.copies}份）"
        )
        self.fields["mode"].choices = Case.Mode.choices
        self.fields["mode"].initial = (
            Case.Mode.IMMEDIATE if item.is_immediate else Case.Mode.PROMISED
        )

    def applicant(self):
        from intake.cases import Applicant

        data = self.cleaned_data
        return Applicant(
            name=data["applicant_name"],
            id_number=data["applicant_id_number"],
            phone=data["applicant_phone"],
            agent_name=data["agent_name"],
            agent_id_number=data["agent_id_number"],
            agent_phone=data["agent_phone"],
        )


class ReplyForm(forms.Form):
    method = forms.ChoiceField(label=_("The applicant was told"), choices=[])
    documents_returned = forms.BooleanField(label=_("Documents returned"), required=False)
    # 按规定标准收费: checked against the item's published fees by intake.cases.case_reply.
    fee_charged = forms.DecimalField(
        label=_("Fee charged (yuan)"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        error_messages={"invalid": _("Enter the fee in yuan, e.g. 20 or 20.50.")},
    )
    fee_receipt_number = forms.CharField(
        label=_("Fee receipt number"),
        required=False,
        max_length=column_limit(Case, "fee_receipt_number"),
    )
    opinion = forms.CharField(
        label=_("Applicant's opinion"), max_length=column_limit(Case, "opinion"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = Case.ReplyMethod.choices


class StepReasonForm(forms.Form):
    # Kept whole in the history's text column (SIMPLE_HISTORY_..._USE_TEXT_FIELD).
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class ExtendForm(StepReasonForm):
    days = forms.IntegerField(
        label=_("Days"),
        min_value=1,
        max_value=60,
        error_messages={"invalid": _("Enter a whole number of days.")},
    )
    told_how = forms.ChoiceField(
        label=_("The applicant was told"), choices=Case.ReplyMethod.choices, required=False
    )
    told_at = forms.DateTimeField(
        label=_("Told at"),
        required=False,
        widget=forms.DateTimeInput({"type": "datetime-local"}, "%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": _("Enter when the applicant was told, e.g. 2026-11-30 10:00.")},
    )

    def clean_told_how(self) -> str:
        return self.cleaned_data["told_how"] or Case.ReplyMethod.SMS


class SupplementForm(forms.Form):
    # 补正: who asked is the clerk recording it; what was asked for is kept with the case.
    materials = forms.CharField(
        label=_("Materials asked for"),
        max_length=300,
        error_messages={"required": _("Name the materials that were asked for.")},
    )


class CaseHandOverForm(StepReasonForm):
    to = forms.ModelChoiceField(
        label=_("Hand over to"),
        queryset=None,
        error_messages={
            "required": _("Choose the clerk who takes the case over."),
            "invalid_choice": _("Choose the clerk who takes the case over."),
        },
    )

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = get_user_model().objects.filter(is_active=True)


def _attributes(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )


class PlainSelect(forms.Select):
    """Django's <select> markup written in Python: its template includes two more templates
    for each option, the larger part of the ledger's time in its filters (every service
    item and clerk). Grouped choices keep Django's template."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group for group, _choices, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>\n',
            (
                (option["value"], _attributes(option["attrs"]), option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            _attributes(widget["attrs"]),
            options,
        )


class LedgerForm(forms.Form):
    date_from = forms.DateField(
        label=_("Received from"),
        required=False,
        widget=date_input(),
    )
    date_to = forms.DateField(label=_("to"), required=False, widget=date_input())
    # Checked against the choices already read for the <select>, not by one more query each:
    # the filters need the id only.
    item = forms.TypedChoiceField(
        label=_("Service"), coerce=int, empty_value=None, required=False, widget=PlainSelect
    )
    clerk = forms.TypedChoiceField(
        label=_("Clerk"), coerce=int, empty_value=None, required=False, widget=PlainSelect
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[], widget=PlainSelect)
    mode = forms.ChoiceField(label=_("Mode"), required=False, choices=[], widget=PlainSelect)
    open = forms.BooleanField(label=_("Not completed only"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        from disclosure.models import ServiceItem

        super().__init__(*args, **kwargs)
        items = ServiceItem.objects.all()
        clerks = get_user_model().objects.filter(staff_profile__isnull=False)
        # The choices as plain values, each in one query: no model object per item or clerk
        # (nor a query per clerk for the name), no server-side cursor on PostgreSQL.
        empty = [("", "---------")]
        self.fields["item"].choices = [*empty, *items.values_list("pk", "name")]
        # In the order they joined (the database's own order was never a defined one).
        clerk_names = clerks.order_by("pk").values_list("pk", "staff_profile__name")
        self.fields["clerk"].choices = [*empty, *clerk_names]
        self.fields["stage"].choices = [("", "—"), *Case.Stage.choices]
        self.fields["mode"].choices = [("", "—"), *Case.Mode.choices]

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        for day in (first, last):
            if day and not (
                dt.date(2000, 1, 1) <= day <= timezone.localdate() + dt.timedelta(days=366)
            ):
                raise forms.ValidationError(_("Choose dates between 2000 and next year."))
        if first and last and first > last:
            raise forms.ValidationError(_("The first date must not be after the last."))
        return data


class NoticeLedgerForm(forms.Form):
    """The ledger's notices (一次性告知书, referrals, 不予受理): by kind and day told."""

    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[])
    date_from = forms.DateField(label=_("Told from"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("to"), required=False, widget=date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—"), *CaseNotice.Kind.choices]

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        for day in (first, last):
            if day and not dt.date(2000, 1, 1) <= day <= dt.date(2100, 1, 1):
                raise forms.ValidationError(_("Choose dates between 2000 and next year."))
        if first and last and first > last:
            raise forms.ValidationError(_("The first date must not be after the last."))
        return data


class LostItemForm(forms.Form):
    description = forms.CharField(label=_("What"), max_length=column_limit(LostItem, "description"))
    found_where = forms.CharField(
        label=_("Where found"), max_length=column_limit(LostItem, "found_where")
    )
    found_by = forms.CharField(label=_("Found by"), max_length=column_limit(LostItem, "found_by"))
    kept_at = forms.CharField(label=_("Where kept"), max_length=column_limit(LostItem, "kept_at"))


class ClaimForm(forms.Form):
    name = forms.CharField(
        label=_("Claimant's name"),
        max_length=column_limit(LostItem, "claimant_name"),
        required=False,
    )
    id_number = forms.CharField(
        label=_("Claimant's ID number (checked)"), max_length=ID_NUMBER_AS_TYPED, required=False
    )


class HandOverForm(forms.Form):
    to = forms.CharField(
        label=_("To be received by"),
        max_length=column_limit(LostItem, "handed_to"),
        required=False,
        help_text=_("The superior or unit that takes it over."),
    )
    reason = forms.CharField(
        label=_("Note"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RefuseHandOverForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it stays here"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# -- the consultation register (咨询登记) and the submitted day ------------------------------

# What a person types about a question is kept whole in a text column; this many characters
# is a long page, and more is refused with a message, not cut.
CONSULTATION_TEXT = 2000


class ConsultationForm(forms.Form):
    """咨询登记. The rules (what an answer needs, the phone) are in intake.consultations."""

    channel = forms.ChoiceField(label=_("Channel"), choices=[])
    item = forms.ModelChoiceField(
        label=_("Service (if any)"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a service from the list.")},
    )
    matter = forms.CharField(
        label=_("Matter"), max_length=column_limit(Consultation, "matter"), required=False
    )
    question = forms.CharField(
        label=_("Question"),
        max_length=CONSULTATION_TEXT,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    answer = forms.CharField(
        label=_("Answer given (leave empty if it comes later)"),
        max_length=CONSULTATION_TEXT,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    is_legal = forms.BooleanField(label=_("Legal question (法律咨询)"), required=False)
    legal_outcome = forms.ChoiceField(label=_("Outcome"), choices=[], required=False)
    legal_aid_unit = forms.CharField(
        label=_("Legal aid unit"),
        max_length=column_limit(Consultation, "legal_aid_unit"),
        required=False,
    )
    name = forms.CharField(
        label=_("Resident's name (optional)"),
        max_length=column_limit(Consultation, "name"),
        required=False,
    )
    phone = forms.CharField(
        label=_("Resident's phone (optional)"),
        max_length=column_limit(Consultation, "phone"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        from disclosure.models import ServiceItem

        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = Consultation.Channel.choices
        self.fields["item"].queryset = ServiceItem.objects.published()
        self.fields["legal_outcome"].choices = [("", "—"), *Consultation.LegalOutcome.choices]


class ConsultationEscalateForm(forms.Form):
    to = forms.ModelChoiceField(
        label=_("Supervisor"),
        queryset=None,
        error_messages={
            "required": _("Choose the supervisor."),
            "invalid_choice": _("Choose the supervisor."),
        },
    )
    note = forms.CharField(
        label=_("What you ask"),
        max_length=CONSULTATION_TEXT,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        from servicecenter.roles import MANAGERS
        from staff.names import display_name

        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=[str(r) for r in MANAGERS])
            .select_related("staff_profile")
            .distinct()
            .order_by("username")
        )
        self.fields["to"].label_from_instance = display_name


class ConsultationInstructForm(forms.Form):
    instruction = forms.CharField(
        label=_("Instruction"),
        max_length=CONSULTATION_TEXT,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )


class ConsultationAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer given"),
        max_length=CONSULTATION_TEXT,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    legal_outcome = forms.ChoiceField(label=_("Outcome"), choices=[], required=False)
    legal_aid_unit = forms.CharField(
        label=_("Legal aid unit"),
        max_length=column_limit(Consultation, "legal_aid_unit"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_outcome"].choices = [("", "—"), *Consultation.LegalOutcome.choices]


class DayAmendForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the submitted figures are corrected"),
        max_length=CONSULTATION_TEXT,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )


class PeriodForm(forms.Form):
    """A month (2026-11) or a quarter (2026-Q4) of the period reports."""

    period = forms.RegexField(
        label=_("Period"),
        regex=r"^(\d{4})-(0[1-9]|1[0-2]|Q[1-4])$",
        max_length=7,
        required=False,
        error_messages={"invalid": _("Choose a month (2026-11) or a quarter (2026-Q4).")},
    )

    def clean_period(self) -> tuple[dt.date, dt.date, str]:
        value = self.cleaned_data["period"] or f"{timezone.localdate():%Y-%m}"
        year, part = value.split("-")
        if not 2000 <= int(year) <= timezone.localdate().year:
            raise forms.ValidationError(_("Choose a month (2026-11) or a quarter (2026-Q4)."))
        if part.startswith("Q"):
            first_month = 3 * (int(part[1]) - 1) + 1
            months = 3
        else:
            first_month, months = int(part), 1
        start = dt.date(int(year), first_month, 1)
        following = first_month + months  # the month after the period, 13 being January
        after = dt.date(int(year) + (following > 12), (following - 1) % 12 + 1, 1)
        if start > timezone.localdate():
            raise forms.ValidationError(_("Choose a period that has begun."))
        return start, after - dt.timedelta(days=1), value
