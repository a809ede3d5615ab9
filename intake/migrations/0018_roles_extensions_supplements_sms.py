from django.db import migrations

from servicecenter.frozen_roles import FROZEN
from servicecenter.roles import sync_groups

# The records of 延期, 补正 and the text messages, for the supervisors and the director.
ADDED = ["intake.view_caseextension", "intake.view_casesupplement", "intake.view_smsmessage"]


def roles(apps, schema_editor) -> None:
    # The lists of this time: intake 0015's without the name the model had before it was
    # renamed there (intake.view_notice), and these three.
    lists = {
        role: [name for name in names if name != "intake.view_notice"]
        for role, names in FROZEN.items()
    }
    for role in ("主管", "中心主任"):
        lists[role] += ADDED
    sync_groups(apps, lists)


class Migration(migrations.Migration):
    # After every earlier role migration of every app, which set the lists of their time.
    dependencies = [
        ("intake", "0017_deadlines_extensions_supplements_sms_fees"),
        ("servicecenter", "0002_account_roles"),
        ("staff", "0002_roles"),
        ("disclosure", "0002_roles"),
    ]

    operations = [migrations.RunPython(roles, migrations.RunPython.noop)]
