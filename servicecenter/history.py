"""The audit trail (simple-history): each save of a workflow record names its step by code
(the model's `Step` choices) and keeps, separately, the reason a person typed."""

import functools

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record
from simple_history.utils import get_change_reason_from_object


class StepRecord(models.Model):
    """Base of the history models of workflow records: `HistoricalRecords(bases=[StepRecord])`."""

    history_step = models.CharField(_("step"), max_length=30, blank=True, default="")
    history_reason = models.TextField(_("reason"), blank=True, default="")

    class Meta:
        abstract = True

    @property
    def step_label(self) -> str:
        """The step's label in the reader's language; an unknown code as it is."""
        steps = getattr(self.instance_type, "Step", None)
        if steps is None or self.history_step not in steps.values:
            return self.history_step
        return str(steps(self.history_step).label)


def save_step(obj: models.Model, step: str, *, reason: str = "", **kwargs) -> None:
    """Save, naming the workflow step (a `Step` code) and the typed reason in the history
    row the save writes."""
    obj._history_step = str(step)
    obj._history_reason = reason.strip()
    try:
        obj.save(**kwargs)
    finally:
        del obj._history_step, obj._history_reason


def copy_step(sender, instance, history_instance, **kwargs) -> None:
    # simple-history's documented hook for extra history fields ("adding additional fields
    # to history objects"): the step and reason travel on the instance being saved.
    if isinstance(history_instance, StepRecord):
        history_instance.history_step = getattr(instance, "_history_step", "")
        history_instance.history_reason = getattr(instance, "_history_reason", "")


pre_create_historical_record.connect(copy_step, dispatch_uid="servicecenter.history.copy_step")


def insert_step(obj: models.Model, step: str, *, reason: str = "") -> None:
    """Insert the new `obj` and its history row ("+", its step and reason, who and when):
    the rows `save_step` writes, in two statements from SQL built once per model instead of
    the ORM's save and simple-history's post_save signal (most of a kiosk ticket's time).

    Only for a model whose only save receiver is simple-history's (a test keeps it so for
    the ticket): the receivers this skips must have nothing else to do.
    """
    db = connections[connection.alias]  # the wrapper itself: the proxy's look-ups add up
    table_sql, fields, history_sql, history_fields = _insert_statements(type(obj), db.alias)
    values = {}
    for field in fields:  # as the ORM's insert does (pre_save sets auto_now_add's time)
        values[field.attname] = field.get_db_prep_save(field.pre_save(obj, add=True), db)
    with transaction.atomic(using=db.alias, savepoint=False), db.cursor() as cursor:
        cursor.execute(table_sql, list(values.values()))
        obj.pk = values[obj._meta.pk.attname] = cursor.fetchone()[0]
        obj._state.adding, obj._state.db = False, db.alias
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        # What simple-history's create_historical_record and copy_step put in the row; the
        # tracked columns take the values just written.
        values |= {
            "history_date": getattr(obj, "_history_date", timezone.now()),
            "history_type": "+",
            "history_user_id": _history_user_id(obj),
            "history_change_reason": get_change_reason_from_object(obj),
            "history_step": str(step),
            "history_reason": reason.strip(),
        }
        for attname in HISTORY_COLUMNS:
            values[attname] = history_fields[attname].get_db_prep_save(values[attname], db)
        cursor.execute(history_sql, [values[attname] for attname in history_fields])


def _history_user_id(obj: models.Model) -> int | None:
    # simple-history's get_history_user with its default get_user: the instance's own
    # `_history_user`, else the signed-in user of the request (HistoryRequestMiddleware).
    user = getattr(obj, "_history_user", None)
    if user is None:
        request = getattr(HistoricalRecords.context, "request", None)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
    return user.pk


@functools.cache
def _insert_statements(model: type[models.Model], alias: str) -> tuple:
    """INSERT … RETURNING pk for `model` and INSERT for its history model, with the fields
    whose values each takes, in order (the history's by name)."""
    ops = connections[alias].ops
    history = model.history.model
    own = [f for f in model._meta.concrete_fields if not f.primary_key]
    logged = [f for f in history._meta.concrete_fields if not f.primary_key]
    known = {f.attname for f in history.tracked_fields} | HISTORY_COLUMNS
    unknown = [f.attname for f in logged if f.attname not in known]
    if unknown:  # a column simple-history or a base would fill that this does not know
        raise ImproperlyConfigured(f"insert_step cannot fill {history.__name__}.{unknown}")

    def insert(table_model, fields) -> str:
        columns = ", ".join(ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        return (
            f"INSERT INTO {ops.quote_name(table_model._meta.db_table)} ({columns}) VALUES ({marks})"
        )

    returning = f" RETURNING {ops.quote_name(model._meta.pk.column)}"
    by_name = {f.attname: f for f in logged}
    return insert(model, own) + returning, own, insert(history, logged), by_name


HISTORY_COLUMNS = {
    "history_date",
    "history_type",
    "history_user_id",
    "history_change_reason",
    "history_step",
    "history_reason",
}
