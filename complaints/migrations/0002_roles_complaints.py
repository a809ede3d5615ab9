from django.db import migrations

from servicecenter.frozen_roles import FROZEN
from servicecenter.roles import sync_groups

# The lists of this migration's time: the frozen ones, and the director reads complaints.
PERMISSIONS = {
    **FROZEN,
    "中心主任": FROZEN["中心主任"] + ["complaints.view_complaint", "complaints.view_complaintnote"],
}


def roles(apps, schema_editor) -> None:
    sync_groups(apps, PERMISSIONS)


class Migration(migrations.Migration):
    """严格保密: the director (not the supervisors) reads complaints in the admin."""

    dependencies = [
        ("complaints", "0001_complaints_register"),
        ("intake", "0016_history_step_and_reason"),
    ]

    operations = [migrations.RunPython(roles, migrations.RunPython.noop)]
