from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from servicecenter.roles import Role


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = _("Staff")
    # Model permissions each role holds on this app's models (servicecenter.roles merges them).
    role_permissions = {
        Role.CLERK: [
            "staff.view_counter",
            "staff.view_staffprofile",
            "staff.view_shift",
        ],
        Role.SUPERVISOR: [
            "staff.view_counter",
            "staff.add_counter",
            "staff.change_counter",
            "staff.view_staffprofile",
            "staff.add_staffprofile",
            "staff.change_staffprofile",
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
            # Overtime, training, induction and assessment: read in the admin; every change
            # goes through the staff pages (staff/views_people.py).
            "staff.view_overtimerequest",
            "staff.view_trainingsession",
            "staff.view_induction",
            "staff.view_inductionitem",
            "staff.view_assessment",
        ],
    }
