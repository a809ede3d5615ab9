from django.db import migrations

from servicecenter.frozen_roles import FROZEN
from servicecenter.roles import sync_groups

# The lists of this migration's time: the frozen ones plus the supervisors' (and so the
# director's) reading of ratings, rectifications and fault records and their keeping of the
# 廉洁自律 registers (拒收礼品、红包登记, incidents reported to the police).
ACCOUNTABILITY = [
    "complaints.view_rating",
    "complaints.view_rectification",
    "complaints.view_faultrecord",
    "complaints.view_giftrefusal",
    "complaints.add_giftrefusal",
    "complaints.change_giftrefusal",
    "complaints.view_policereport",
    "complaints.add_policereport",
    "complaints.change_policereport",
]
PERMISSIONS = {
    "窗口工作人员": FROZEN["窗口工作人员"],
    "主管": FROZEN["主管"] + ACCOUNTABILITY,
    "中心主任": FROZEN["中心主任"] + ACCOUNTABILITY,
}


def roles(apps, schema_editor) -> None:
    sync_groups(apps, PERMISSIONS)


class Migration(migrations.Migration):
    """Supervisors read ratings and fault records and keep the 廉洁自律 registers."""

    # After every other app's role migration, which set the groups' lists of their time.
    dependencies = [
        ("complaints", "0001_ratings_rectifications_fault_records"),
        ("servicecenter", "0002_account_roles"),
        ("staff", "0002_roles"),
        ("disclosure", "0002_roles"),
        ("intake", "0015_rename_notice_casenotice"),
    ]

    operations = [migrations.RunPython(roles, migrations.RunPython.noop)]
