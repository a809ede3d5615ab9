"""The audit trail (simple-history): each save of a workflow record names its step by code
(the model's `Step` choices) and keeps, separately, the reason a person typed."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.signals import pre_create_historical_record


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
