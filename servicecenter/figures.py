"""Figures an app lends to pages that live below it in the dependency order.

The apps depend one way (servicecenter <- staff <- disclosure <- intake <- complaints), yet
some pages need figures from above: the daily report (intake) counts complaints, a staff
member's assessment (staff) counts tickets, cases, ratings and fault records. Each app names
its providers in its AppConfig's `figure_providers`, a dict of kind -> dotted path (or a list
of them), and the
page asks `provide(kind, **arguments)`; the core imports no app.

Kinds and the arguments their providers take:
- "day": day (date) — lines of the daily report (每天统计汇总).
- "period": start, end (dates, end inclusive) — lines of the monthly/quarterly reports.
- "staff": user, start, end — a staff member's figures for the assessment (考核) and their page.
- "workstation": user — reminders on the workstation (e.g. complaints due soon).
- "track": case — links on the resident's /track/ result once the case is found (e.g. the
  link to rate it, 好差评).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Figure:
    key: str  # a stable code, e.g. "complaints_received"; tests and exports use it
    label: str  # what users read (translated)
    value: int | float | str | None
    url: str = ""  # where the figure's records are, if the reader may open them


@cache
def _providers(kind: str) -> tuple[Callable[..., list[Figure]], ...]:
    found = []
    for config in apps.get_app_configs():
        paths = getattr(config, "figure_providers", {}).get(kind) or []
        for path in [paths] if isinstance(paths, str) else paths:
            found.append(import_string(path))
    return tuple(found)


def provide(kind: str, **arguments) -> list[Figure]:
    """Every installed app's figures of this kind, in the order of INSTALLED_APPS."""
    return [figure for provider in _providers(kind) for figure in provider(**arguments)]
