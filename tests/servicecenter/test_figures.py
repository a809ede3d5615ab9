"""Pages below an app get its figures through the app registry, never by importing it."""

import datetime as dt

from django.apps import apps

from servicecenter import figures


def day_lines(*, day: dt.date) -> list[figures.Figure]:
    return [figures.Figure("test_day", "测试", day.day)]


def test_provide_gathers_the_figures_each_app_names(monkeypatch, db):  # the apps' own lines
    config = apps.get_app_config("complaints")
    monkeypatch.setattr(
        config, "figure_providers", {"day": "tests.servicecenter.test_figures.day_lines"}
    )
    figures._providers.cache_clear()
    try:
        found = figures.provide("day", day=dt.date(2026, 11, 27))
    finally:
        figures._providers.cache_clear()
    assert [(f.key, f.value) for f in found if f.key == "test_day"] == [("test_day", 27)]


def test_a_kind_nobody_provides_is_an_empty_list():
    assert figures.provide("no-such-kind") == []
