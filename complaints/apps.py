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
        # 好差评, 整改, 过错责任追究 and the 廉洁自律 registers (accountability).
        Role.SUPERVISOR: [
            "complaints.view_rating",
            "complaints.view_rectification",
            "complaints.view_faultrecord",
            "complaints.view_giftrefusal",
            "complaints.add_giftrefusal",
            "complaints.change_giftrefusal",
            "complaints.view_policereport",
            "complaints.add_policereport",
            "complaints.change_policereport",
        ],
    }
    # Figures this app lends to pages below it (servicecenter.figures).
    figure_providers: dict[str, str | list[str]] = {
        # 投诉受理 (complaints) and 好差评, 整改, 过错责任追究 (accountability).
        "day": ["complaints.reports.day_figures", "complaints.rating_providers.day"],
        "period": ["complaints.reports.period_figures", "complaints.rating_providers.period"],
        "staff": ["complaints.reports.staff_figures", "complaints.rating_providers.staff"],
        "workstation": [
            "complaints.reports.workstation_figures",
            "complaints.rating_providers.workstation",
        ],
        "track": ["complaints.rating_providers.track"],
    }
