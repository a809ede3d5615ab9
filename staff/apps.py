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
        ],
        Role.SUPERVISOR: [
            "staff.view_counter",
            "staff.add_counter",
            "staff.change_counter",
            "staff.view_staffprofile",
            "staff.add_staffprofile",
            "staff.change_staffprofile",
            # Overtime, training, induction and assessment: read in the admin; every change
            # goes through the staff pages (staff/views_people.py).
            "staff.view_overtimerequest",
            "staff.view_trainingsession",
            "staff.view_induction",
            "staff.view_inductionitem",
            "staff.view_assessment",
        ],
    }
