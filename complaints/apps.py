from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from servicecenter.roles import Role


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints and accountability")
    # Model permissions each role holds on this app's models (servicecenter.roles merges them).
    role_permissions: dict = {
        # -- complaints (投诉受理): the director reads the register and its history in the admin.
        # 严格保密: the director only, as a complaint may be about a supervisor.
        Role.DIRECTOR: ["complaints.view_complaint", "complaints.view_complaintnote"],
    }
    # Figures this app lends to pages below it (servicecenter.figures).
    figure_providers: dict[str, str | list[str]] = {
        # -- complaints (投诉受理)
        "day": ["complaints.reports.day_figures"],
        "period": ["complaints.reports.period_figures"],
        "staff": ["complaints.reports.staff_figures"],
        "workstation": ["complaints.reports.workstation_figures"],
    }
