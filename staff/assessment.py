"""Assessment (考核): a grade per staff member and period — 优秀 / 称职 / 基本称职 / 不称职 —
with the supervisor's comments and the director's confirmation, read next to the figures the
system holds.

考核内容包括工作能力、服务质量、工作纪律: staff gives its own figures (training hours,
overtime); the apps above lend theirs through servicecenter.figures ("staff" kind: tickets
served, service times and cases on time by the front desk; ratings, complaints and fault
records by the complaints app), so this module imports none of them.
"""

import calendar
import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from servicecenter.figures import Figure, provide
from servicecenter.history import save_step
from servicecenter.roles import Role, is_manager, user_roles
from staff.models import Assessment, Induction
from staff.overtime import overtime_hours
from staff.training import training_hours


def periods() -> list[str]:
    """The assessment periods the center keeps (ASSESSMENT_MONTHLY, ASSESSMENT_YEARLY)."""
    kept = []
    if settings.ASSESSMENT_MONTHLY:
        kept.append(Assessment.Period.MONTH)
    if settings.ASSESSMENT_YEARLY:
        kept.append(Assessment.Period.YEAR)
    return kept


def period_bounds(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the month or year that holds `day`."""
    if period == Assessment.Period.YEAR:
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def may_grade(grader, user) -> bool:
    """A supervisor grades the clerks, the director the supervisors; nobody themselves."""
    if grader.pk == user.pk:
        return False
    if str(Role.DIRECTOR) in user_roles(grader):
        return True
    return is_manager(grader) and not is_manager(user)


@transaction.atomic
def assessment_grade(
    *, user, period: str, day: dt.date, grade: str, comments: str, by
) -> Assessment:
    """Grade `user` for the period holding `day`; a grade not yet confirmed may be changed."""
    if period not in periods():
        raise ValidationError(_("This center does not keep that assessment period."), "period")
    if grade not in Assessment.Grade.values:
        raise ValidationError(_("Choose a grade."), code="grade")
    if not may_grade(by, user):
        raise ValidationError(
            _("A supervisor assesses the clerks, the director the supervisors."),
            code="not_allowed",
        )
    if not comments.strip():
        raise ValidationError(_("Write the supervisor's comments."), code="comments")
    start, end = period_bounds(period, day)
    if start > timezone.localdate():
        raise ValidationError(_("This period has not begun yet."), code="future")
    assessment = (
        Assessment.objects.select_for_update()
        .filter(user=user, period=period, period_start=start)
        .first()
    )
    if assessment is None:
        assessment = Assessment(user=user, period=period, period_start=start)
    elif assessment.is_confirmed:
        raise ValidationError(
            _("This assessment is confirmed by the director and can no longer change."),
            code="confirmed",
        )
    assessment.grade, assessment.comments = grade, comments.strip()
    assessment.graded_by, assessment.graded_at = by, timezone.now()
    save_step(assessment, Assessment.Step.GRADE)
    return assessment


@transaction.atomic
def assessment_confirm(*, assessment: Assessment, by) -> Assessment:
    """The director's confirmation: the grade is final."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if str(Role.DIRECTOR) not in user_roles(by):
        raise ValidationError(_("Only the director confirms assessments."), code="not_allowed")
    if assessment.user_id == by.pk:
        raise ValidationError(_("Nobody confirms their own assessment."), code="not_allowed")
    if assessment.is_confirmed:
        raise ValidationError(_("This assessment is already confirmed."), code="confirmed")
    assessment.confirmed_by, assessment.confirmed_at = by, timezone.now()
    save_step(assessment, Assessment.Step.CONFIRM)
    return assessment


def staff_figures(user, start: dt.date, end: dt.date) -> list[Figure]:
    """Everything the system counts about `user` from `start` to `end`: staff's own figures
    first, then those the apps above lend ("staff" providers)."""
    overtime = sum(overtime_hours(user, start, end).values())
    induction = Induction.objects.filter(user=user).first()
    own = [
        Figure(
            "training_hours",
            _("Training hours"),
            float(training_hours(user, start, end)),
            reverse("training_list"),
        ),
        Figure(
            "overtime_hours",
            _("Overtime worked (hours)"),
            float(overtime),
            reverse("overtime_list"),
        ),
    ]
    if induction is not None:
        own.append(
            Figure(
                "induction",
                _("Induction (入职培训)"),
                _("complete") if induction.is_complete else _("in progress"),
                reverse("induction_detail", args=[induction.pk]),
            )
        )
    return own + provide("staff", user=user, start=start, end=end)
