from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from servicecenter.roles import Role


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Front desk")
    # Model permissions each role holds on this app's models (servicecenter.roles merges them).
    role_permissions = {
        Role.SUPERVISOR: [
            "intake.view_queuesettings",
            "intake.change_queuesettings",
            "intake.add_queuesettings",
            "intake.view_ticket",
            "intake.view_appointment",
            "intake.view_countersession",
            "intake.view_call",
            "intake.view_case",
            "intake.view_casenotice",
            "intake.view_lostitem",
            "intake.view_caseextension",
            "intake.view_casesupplement",
            "intake.view_smsmessage",
        ],
    }
