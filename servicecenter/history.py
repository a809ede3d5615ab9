"""The audit trail (simple-history): each save of a workflow record names its step."""


def save_step(obj, reason: str, **kwargs) -> None:
    """Save, naming the workflow step in the history row the save writes."""
    obj._change_reason = reason
    obj.save(**kwargs)
