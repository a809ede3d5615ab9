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
            "intake.view_consultation",
            "intake.view_dayreport",
            "intake.view_dayreportamendment",
            "intake.view_caseextension",
            "intake.view_casesupplement",
            "intake.view_smsmessage",
        ],
    }
    # This app's own lines of the reports come the way every app's do (servicecenter.figures):
    # the daily and period reports, and the public results page below, read one definition;
    # a staff member's figures go to the staff pages below (assessment, my page).
    figure_providers = {
        "day": "intake.reports.day_lines",
        "period": "intake.reports.period_lines",
        "staff": "intake.staff_figures.staff_figures",
    }
