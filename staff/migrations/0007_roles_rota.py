from django.db import migrations

from servicecenter.frozen_roles import FROZEN
from servicecenter.roles import sync_groups

CLERK = ["servicecenter.view_serviceday", "staff.view_shift"]
SUPERVISOR = [
    "servicecenter.view_serviceday",
    "servicecenter.add_serviceday",
    "servicecenter.change_serviceday",
    "servicecenter.delete_serviceday",
    "servicecenter.view_extendedhours",
    "staff.view_shift",
    "staff.add_shift",
    "staff.change_shift",
    "staff.view_annualleave",
    "staff.add_annualleave",
    "staff.change_annualleave",
    "staff.view_rotaentry",
    "staff.view_leaverequest",
    "staff.view_attendance",
    "staff.view_attendancecorrection",
    "staff.view_attendancemonth",
]
# The lists of this time: the frozen ones and the rota's (shifts, days open for service,
# annual leave in the admin; the rota, leave and attendance read there).
PERMISSIONS = {
    "窗口工作人员": FROZEN["窗口工作人员"] + CLERK,
    "主管": FROZEN["主管"] + SUPERVISOR,
    "中心主任": FROZEN["中心主任"] + SUPERVISOR,
}


def sync(apps, schema_editor) -> None:
    sync_groups(apps, PERMISSIONS)


class Migration(migrations.Migration):
    """Supervisors keep the shifts, the days open for service and annual leave allowances."""

    dependencies = [
        ("staff", "0006_rota_leave_attendance"),
        ("servicecenter", "0004_service_days_and_extended_hours"),
        ("intake", "0016_history_step_and_reason"),
        ("disclosure", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
