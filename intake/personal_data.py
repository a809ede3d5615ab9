"""Personal data kept only as long as needed (PIPL): retention, and one resident's export
and erasure.

Anonymizing empties names, 身份证号, their hashes and phones in the record AND in its history
rows, and keeps what the ledger and the daily report count (item, dates, stage, mode, due
date, on time), so every figure stays the same. Rows are rewritten with
queryset updates: no new history row carries the data again.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Min, Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.models import (
    Appointment,
    Case,
    CaseNotice,
    Consultation,
    LostItem,
    PersonalDataRequest,
    SmsMessage,
)
from servicecenter.dates import local_datetime
from servicecenter.personal import ANONYMIZED, lookup_hash

# What anonymizing writes, per model and part of the record (the applicant or the agent of a
# case are two people: erasing one leaves the other).
CASE_APPLICANT = {
    "applicant_name": ANONYMIZED,
    "applicant_id_number": "",
    "applicant_id_hash": "",
    "applicant_phone": "",
    "opinion": "",  # the applicant's own words; the rating stays for the statistics
}
CASE_AGENT = {
    # A case without an agent keeps its empty name: 已匿名 would invent one.
    "agent_name": models.Case(
        models.When(agent_name="", then=models.Value("")), default=models.Value(ANONYMIZED)
    ),
    "agent_id_number": "",
    "agent_phone": "",
}
# A refusal's reason speaks of the applicant's circumstances, in the notice and as the reason
# of its history step (history rows only); its legal basis stays.
NOTICE = {
    "applicant_name": ANONYMIZED,
    "applicant_id_hash": "",
    "refusal_reason": "",
    "history_reason": "",
}
LOST_CLAIM = {"claimant_name": ANONYMIZED, "claimant_id_masked": "", "claimant_id_hash": ""}
APPOINTMENT = {"name": ANONYMIZED, "phone": ""}
SMS = {"number_masked": ""}  # even masked, the applicant's number goes with them


def sms_of(cases: QuerySet) -> QuerySet:
    """The text messages sent to these cases' applicants (read before their hash is gone)."""
    return SmsMessage.objects.filter(case__in=list(cases.values_list("pk", flat=True)))


CONSULTATION = {
    # The name is optional: a question asked without one keeps its empty name.
    "name": models.Case(
        models.When(name="", then=models.Value("")), default=models.Value(ANONYMIZED)
    ),
    "phone": "",
}


def anonymize(queryset: QuerySet, values: dict) -> int:
    """Overwrite `values` in the rows and in their history rows; the number of records."""
    model: type[Model] = queryset.model
    pks = list(queryset.values_list("pk", flat=True))
    if not pks:
        return 0
    history = model.history.model
    history_fields = {f.attname for f in history._meta.concrete_fields}
    fields = {f.attname for f in model._meta.concrete_fields}
    for chunk in range(0, len(pks), 500):
        part = pks[chunk : chunk + 500]
        model._base_manager.filter(pk__in=part).update(
            **{name: value for name, value in values.items() if name in fields}
        )
        history.objects.filter(**{f"{model._meta.pk.attname}__in": part}).update(
            **{name: value for name, value in values.items() if name in history_fields}
        )
    return len(pks)


# -- retention ------------------------------------------------------------------------------


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass
class Expired:
    cases: QuerySet
    notices: QuerySet
    lost_claims: QuerySet
    appointments: QuerySet
    consultations: QuerySet


def expired(*, today: dt.date | None = None) -> Expired:
    """Records past their retention and not yet anonymized."""
    today = today or timezone.localdate()
    case_limit = local_datetime(years_before(today, settings.RETENTION_CASE_YEARS))
    # 归档 is the step that starts the case's retention; its date is in the history.
    archived = (
        Case.history.filter(stage=Case.Stage.ARCHIVED)
        .values("id")
        .annotate(on=Min("history_date"))
        .filter(on__lt=case_limit)
        .values("id")
    )
    lost_limit = local_datetime(years_before(today, settings.RETENTION_LOST_CLAIM_YEARS))
    return Expired(
        # Done already unless the director erased only one of applicant and agent.
        cases=Case.objects.filter(stage=Case.Stage.ARCHIVED, pk__in=archived).exclude(
            applicant_name=ANONYMIZED, agent_name__in=("", ANONYMIZED)
        ),
        # A notice closes when it is printed; it is kept as long as a case.
        notices=CaseNotice.objects.filter(created_at__lt=case_limit).exclude(
            applicant_name=ANONYMIZED
        ),
        lost_claims=LostItem.objects.filter(claimed_at__lt=lost_limit).exclude(
            claimant_name=ANONYMIZED
        ),
        appointments=Appointment.objects.filter(
            day__lt=today - dt.timedelta(days=settings.RETENTION_APPOINTMENT_DAYS)
        ).exclude(name=ANONYMIZED),
        # 咨询登记 is kept as long as the case records; only the optional name and phone go.
        consultations=Consultation.objects.filter(asked_at__lt=case_limit).exclude(
            name__in=("", ANONYMIZED), phone=""
        ),
    )


def expired_anonymize(*, today: dt.date | None = None, dry_run: bool = False) -> dict[str, int]:
    """Anonymize everything past its retention; counts per kind. Idempotent."""
    with transaction.atomic():
        found = expired(today=today)
        if dry_run:
            return {
                "cases": found.cases.count(),
                "notices": found.notices.count(),
                "lost_claims": found.lost_claims.count(),
                "appointments": found.appointments.count(),
                "consultations": found.consultations.count(),
            }
        anonymize(sms_of(found.cases), SMS)
        return {
            "cases": anonymize(found.cases, CASE_APPLICANT | CASE_AGENT),
            "notices": anonymize(found.notices, NOTICE),
            "lost_claims": anonymize(found.lost_claims, LOST_CLAIM),
            "appointments": anonymize(found.appointments, APPOINTMENT),
            "consultations": anonymize(found.consultations, CONSULTATION),
        }


# -- one resident ---------------------------------------------------------------------------


@dataclass
class Resident:
    """Everything held about one resident, found by the keyed hash of their 身份证号."""

    id_number: str
    as_applicant: QuerySet
    as_agent: QuerySet
    notices: QuerySet
    lost_claims: QuerySet

    @property
    def count(self) -> int:
        return (
            self.as_applicant.count()
            + self.as_agent.count()
            + self.notices.count()
            + self.lost_claims.count()
        )


def resident_find(id_number: str) -> Resident:
    """`id_number` must be normalized (servicecenter.personal.normalize_id_number)."""
    id_hash = lookup_hash(id_number)
    # The agent's 身份证号 has no hash column: decrypt those of cases with an agent.
    agent_pks = [
        pk
        for pk, number in Case.objects.exclude(agent_id_number="")
        .values_list("pk", "agent_id_number")
        .iterator(chunk_size=2000)
        if number == id_number
    ]
    cases = Case.objects.select_related("item")
    return Resident(
        id_number=id_number,
        as_applicant=cases.filter(applicant_id_hash=id_hash),
        as_agent=cases.filter(pk__in=agent_pks),
        notices=CaseNotice.objects.select_related("item").filter(applicant_id_hash=id_hash),
        lost_claims=LostItem.objects.filter(claimant_id_hash=id_hash),
    )


def _when(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _case(case: Case) -> dict:
    return {
        "number": case.number,
        "item": case.item.name,
        "mode": str(case.get_mode_display()),
        "stage": str(case.get_stage_display()),
        "applicant_name": case.applicant_name,
        "applicant_id_number": case.applicant_id_number,
        "applicant_phone": case.applicant_phone,
        "agent_name": case.agent_name,
        "agent_id_number": case.agent_id_number,
        "agent_phone": case.agent_phone,
        "received_at": _when(case.received_at),
        "due_date": _when(case.due_date),
        "completed_at": _when(case.completed_at),
        "replied_at": _when(case.replied_at),
        "reply_method": str(case.get_reply_method_display()),
        "opinion": case.opinion,
        "materials": [
            {"name": m.name, "form": m.form, "copies": m.copies} for m in case.materials.all()
        ],
        "history": [
            {
                "at": _when(row.history_date),
                "step": row.step_label,
                "reason": row.history_reason,
            }
            for row in case.history.order_by("history_date", "history_id")
        ],
    }


def resident_data(resident: Resident) -> dict:
    """The resident's own data, in clear: it is for them."""
    cases = Case.objects.select_related("item").prefetch_related("materials")
    return {
        "exported_at": _when(timezone.now()),
        "id_number": resident.id_number,
        "cases_as_applicant": [_case(c) for c in cases.filter(pk__in=resident.as_applicant)],
        "cases_as_agent": [_case(c) for c in cases.filter(pk__in=resident.as_agent)],
        "notices": [
            {
                "serial": n.serial,
                "kind": str(n.get_kind_display()),
                "item": n.item.name,
                "applicant_name": n.applicant_name,
                "missing": n.missing,
                "refusal_reason": n.refusal_reason,
                "refusal_basis": n.refusal_basis,
                "told_at": _when(n.created_at),
            }
            for n in resident.notices.select_related("item")
        ],
        "lost_property_claims": [
            {
                "item": i.description,
                "claimant_name": i.claimant_name,
                "claimant_id_masked": i.claimant_id_masked,
                "claimed_at": _when(i.claimed_at),
            }
            for i in resident.lost_claims
        ],
    }


@transaction.atomic
def resident_export(*, id_number: str, by) -> dict:
    """The director's export of one resident's data, recorded (the hash, never the number)."""
    resident = resident_find(id_number)
    data = resident_data(resident)
    PersonalDataRequest.objects.create(
        action=PersonalDataRequest.Action.EXPORT,
        id_hash=lookup_hash(id_number),
        records=resident.count,
        by=by,
    )
    return data


@transaction.atomic
def resident_erase(*, id_number: str, by) -> int:
    """Erase (anonymize) one resident's data everywhere it is held, recorded; the count."""
    resident = resident_find(id_number)
    if not resident.count:
        # A second click on the same erasure, or a number never seen here.
        raise ValidationError(_("Nothing is held about this ID number."))
    anonymize(sms_of(resident.as_applicant), SMS)
    erased = (
        anonymize(resident.as_applicant, CASE_APPLICANT)
        + anonymize(resident.as_agent, CASE_AGENT)
        + anonymize(resident.notices, NOTICE)
        + anonymize(resident.lost_claims, LOST_CLAIM)
    )
    PersonalDataRequest.objects.create(
        action=PersonalDataRequest.Action.ERASE,
        id_hash=lookup_hash(id_number),
        records=erased,
        by=by,
    )
    return erased
