from django.db import migrations

from servicecenter.frozen_roles import FROZEN
from servicecenter.roles import sync_groups

# Supervisors (and so the director) read overtime, training, inductions and assessments in
# the admin; the lists of this migration's time, so replaying it never depends on apps.py.
PEOPLE = [
    "staff.view_overtimerequest",
    "staff.view_trainingsession",
    "staff.view_induction",
    "staff.view_inductionitem",
    "staff.view_assessment",
]


def sync(apps, schema_editor) -> None:
    sync_groups(
        apps,
        {
            "窗口工作人员": FROZEN["窗口工作人员"],
            "主管": FROZEN["主管"] + PEOPLE,
            "中心主任": FROZEN["中心主任"] + PEOPLE,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0006_overtime_training_assessment"),
        ("intake", "0015_rename_notice_casenotice"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
