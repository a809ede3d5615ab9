"""The history written before steps had codes is carried over: each old change reason
becomes a step code and, apart from it, the reason a person typed."""

import importlib

import pytest

split = importlib.import_module("intake.migrations.0016_history_step_and_reason").split


@pytest.mark.parametrize(
    ("model", "old", "step", "reason"),
    [
        ("historicalticket", "issued", "issue", ""),
        ("historicalticket", "called", "call", ""),
        ("historicalticket", "transferred to 窗口3", "transfer", "窗口3"),
        ("historicalcase", "受理", "accept", ""),
        ("historicalcase", "即办：办结", "complete", "即办"),
        ("historicalcase", "补正：补交了租房合同", "supplement", "补交了租房合同"),
        ("historicalcase", "延期3个工作日（须告知申请人）：需实地核查", "extend", "需实地核查"),
        ("historicalcase", "移交承办：休假", "hand_over", "休假"),
        ("historicalcasenotice", "一次性告知", "notify", ""),
        ("historicallostitem", "认领（已核验身份）", "claim", ""),
        ("historicalappointment", "checked in", "check_in", ""),
        ("historicalcase", "手工修改", "", "手工修改"),
    ],
)
def test_old_change_reasons_become_a_step_code_and_a_reason(model, old, step, reason):
    assert split(model, old) == (step, reason)
