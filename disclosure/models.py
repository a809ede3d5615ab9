"""办事公开制: what the center makes public — its service catalog (办事指南), fees, rules,
notices and results. Each public change refreshes the public pages (servicecenter.public).
"""

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin
from simple_history.models import HistoricalRecords

from servicecenter.personal import mask_name, validate_phone
from servicecenter.public import PublicContent
from servicecenter.uploads import validate_sample
from staff.models import Counter


class Category(PublicContent, models.Model):
    """A group of services; the queue hands out tickets per category (A001, B001…)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=40)
    prefix = models.CharField(
        _("ticket letter"),
        max_length=1,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]$", _("One capital letter, A to Z."))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    counters = models.ManyToManyField(
        Counter,
        blank=True,
        related_name="categories",
        verbose_name=_("counters calling this queue"),
    )
    appointment_capacity = models.PositiveSmallIntegerField(
        _("appointments per half hour"),
        default=2,
        help_text=_("How many residents may book each half-hour slot; 0 turns booking off."),
    )
    history = HistoricalRecords(m2m_fields=[counters])

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["order", "prefix"]

    def __str__(self) -> str:
        return self.name


class ServiceItemQuerySet(models.QuerySet):
    def published(self) -> "ServiceItemQuerySet":
        return self.filter(status=ServiceItem.Status.PUBLISHED)

    def search(self, query: str) -> "ServiceItemQuerySet":
        """By any part of the Chinese name or a keyword, or by their pinyin: initials (jzz) or
        full (juzhuzheng); or by the category's name (户籍 finds the 户籍与居住证 items)."""
        query = query.strip()
        if not query:
            return self
        compact = "".join(query.lower().split())
        return self.filter(
            models.Q(name__icontains=query)
            | models.Q(search_text__contains=compact)
            | models.Q(category__name__icontains=query)
        )


class ServiceItem(PublicContent, models.Model):
    """One service (事项) as the 办事指南 publishes it; 一次性告知 prints from it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("Stable: used in the public address.")
    )
    name = models.CharField(_("name"), max_length=60)
    category = models.ForeignKey(
        Category, models.PROTECT, related_name="items", verbose_name=_("category")
    )
    summary = models.TextField(_("short description"))
    legal_basis = models.TextField(_("legal basis"))
    conditions = models.TextField(_("conditions for acceptance"))
    promised_days = models.PositiveSmallIntegerField(
        _("promised time limit (working days)"), help_text=_("0 means done on the spot.")
    )
    statutory_days = models.PositiveSmallIntegerField(
        _("statutory time limit (working days)"), null=True, blank=True
    )
    handled_here = models.BooleanField(
        _("handled at this center"),
        default=True,
        help_text=_("Off: residents are referred to the responsible unit below."),
    )
    counters = models.ManyToManyField(
        Counter, blank=True, related_name="service_items", verbose_name=_("counters")
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=100,
        blank=True,
        help_text=_("Other words residents search with, separated by spaces, e.g. 低保."),
    )
    unit_name = models.CharField(_("responsible unit"), max_length=80, blank=True)
    unit_address = models.CharField(_("unit address"), max_length=200, blank=True)
    unit_phone = models.CharField(
        _("unit phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    consultation_phone = models.CharField(
        _("consultation phone"), max_length=20, validators=[validate_phone]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    effective_date = models.DateField(_("effective date"), default=dt.date.today)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    # Name and keywords, each with its full pinyin and initials, lower case, for the search box.
    search_text = models.CharField(max_length=1500, editable=False, db_index=True)
    history = HistoricalRecords(m2m_fields=[counters])

    objects = ServiceItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["category__order", "category__prefix", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        words = [self.name, *self.keywords.replace("，", " ").replace(",", " ").split()]
        parts = [self.code]
        for word in words:
            full = "".join(lazy_pinyin(word))
            initials = "".join(lazy_pinyin(word, style=Style.FIRST_LETTER))
            parts += [word, full, initials]
        # Space-separated so a query never matches across two words.
        self.search_text = " ".join(parts).lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("guide_detail", args=[self.code])

    def clean(self) -> None:
        if self.statutory_days is not None and self.promised_days is not None:
            if self.promised_days > self.statutory_days:
                raise ValidationError(
                    {"promised_days": _("The promised time cannot exceed the statutory time.")}
                )
        if not self.handled_here and not (self.unit_name and self.unit_address):
            raise ValidationError(
                {"unit_name": _("A referral needs the responsible unit's name and address.")}
            )

    @property
    def is_immediate(self) -> bool:
        """即办件: done on the spot."""
        return self.promised_days == 0


class Material(PublicContent, models.Model):
    """One document the applicant hands in (申请材料), in the order the guide lists them."""

    class Form(models.TextChoices):
        ORIGINAL = "original", _("Original")
        COPY = "copy", _("Copy")
        BOTH = "both", _("Original and copy")

    item = models.ForeignKey(
        ServiceItem, models.CASCADE, related_name="materials", verbose_name=_("service item")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=100)
    form = models.CharField(
        _("original or copy"), max_length=10, choices=Form, default=Form.ORIGINAL
    )
    copies = models.PositiveSmallIntegerField(
        _("copies"), default=1, validators=[MinValueValidator(1)]
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    sample = models.FileField(
        _("blank form or sample"),
        upload_to="guide/forms/",
        blank=True,
        validators=[validate_sample],  # by content: PDF, Word, Excel, JPEG, PNG; size limit
        help_text=_("PDF, Word, Excel, JPEG or PNG; downloaded, never shown as a page."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("required material")
        verbose_name_plural = _("required materials")
        ordering = ["item", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Step(PublicContent, models.Model):
    """One step of the procedure (办理流程)."""

    item = models.ForeignKey(
        ServiceItem, models.CASCADE, related_name="steps", verbose_name=_("service item")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("step"), max_length=60)
    description = models.CharField(_("description"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        ordering = ["item", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Fee(PublicContent, models.Model):
    """收费公开: what is charged, how much, and on what basis. No fee rows: 不收费."""

    item = models.ForeignKey(
        ServiceItem, models.CASCADE, related_name="fees", verbose_name=_("service item")
    )
    name = models.CharField(_("fee"), max_length=60)
    standard = models.CharField(_("amount"), max_length=100)
    basis = models.CharField(_("basis"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        ordering = ["item", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.standard}"

    @property
    def amount(self) -> Decimal | None:
        """The yuan the published standard names ("20元/证" → 20), or None if it names none."""
        match = re.search(r"(\d+(?:\.\d{1,2})?)\s*元", self.standard)
        return Decimal(match.group(1)) if match else None


class Rule(PublicContent, models.Model):
    """One of the center's published rules (各项制度); history keeps every version."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=60)
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    effective_date = models.DateField(_("effective date"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("rule_detail", args=[self.code])

    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.split("\n\n") if part.strip()]


class NoticeQuerySet(models.QuerySet):
    def current(self, day: dt.date | None = None) -> "NoticeQuerySet":
        day = day or timezone.localdate()
        return self.filter(publish_from__lte=day).filter(
            models.Q(publish_until__isnull=True) | models.Q(publish_until__gte=day)
        )


class Notice(PublicContent, models.Model):
    """A notice on the home page (holiday hours, a new service, a closure)."""

    title = models.CharField(_("title"), max_length=80)
    body = models.TextField(_("text"))
    publish_from = models.DateField(_("shown from"), default=dt.date.today)
    publish_until = models.DateField(_("shown until"), null=True, blank=True)
    history = HistoricalRecords()

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-publish_from", "-pk"]

    def __str__(self) -> str:
        return self.title


class PublishedResult(models.Model):
    """办理结果公开: a completed case as the public may see it, already masked.

    The intake app writes one row when a case is completed (result_publish); the public
    results page reads only this table, so it can never reach personal data.
    """

    case_number = models.CharField(_("case number"), max_length=30, unique=True)
    item = models.ForeignKey(
        ServiceItem, models.PROTECT, related_name="results", verbose_name=_("service item")
    )
    applicant = models.CharField(_("applicant (masked)"), max_length=20)
    completed_on = models.DateField(_("completed on"), db_index=True)
    on_time = models.BooleanField(_("on time"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("published result")
        verbose_name_plural = _("published results")
        ordering = ["-completed_on", "-case_number"]

    def __str__(self) -> str:
        return self.case_number


def result_publish(
    *,
    case_number: str,
    item: ServiceItem,
    applicant_name: str,
    completed_on: dt.date,
    on_time: bool,
) -> PublishedResult:
    """Publish a completed case with the applicant's name masked (张三 → 张*)."""
    result, _created = PublishedResult.objects.update_or_create(
        case_number=case_number,
        defaults={
            "item": item,
            "applicant": mask_name(applicant_name),
            "completed_on": completed_on,
            "on_time": on_time,
        },
    )
    return result
