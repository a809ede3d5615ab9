"""The partial index the ledger's open and overdue filters read holds exactly the open cases."""

from intake.models import Case


def test_the_open_cases_index_holds_exactly_the_open_stages():
    index = next(i for i in Case._meta.indexes if i.name == "case_open_received_due")
    lookup, stages = index.condition.children[0]
    assert lookup == "stage__in"
    # In Case.OPEN_STAGES's order: SQLite uses a partial index when the query repeats its
    # condition as written.
    assert list(stages) == [str(stage) for stage in Case.OPEN_STAGES]
