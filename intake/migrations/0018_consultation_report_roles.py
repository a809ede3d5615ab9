from django.db import migrations

from servicecenter.frozen_roles import FROZEN
from servicecenter.roles import sync_groups

# The lists of this time: the frozen ones plus a supervisor's reading of the consultation
# register and the submitted days in the admin (the director holds what a supervisor holds).
ADDED = ["intake.view_consultation", "intake.view_dayreport", "intake.view_dayreportamendment"]


def grant(apps, schema_editor) -> None:
    lists = {role: list(names) for role, names in FROZEN.items()}
    lists["主管"] += ADDED
    lists["中心主任"] += ADDED
    sync_groups(apps, lists)


class Migration(migrations.Migration):
    dependencies = [("intake", "0017_consultations_and_submitted_days")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
