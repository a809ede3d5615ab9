from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from servicecenter.roles import Role


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints and accountability")
    # Model permissions each role holds on this app's models (servicecenter.roles merges them).
    role_permissions: dict = {
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
        # 好差评, 整改, 过错责任追究 (accountability).
        "day": ["complaints.rating_providers.day"],
        "period": ["complaints.rating_providers.period"],
        "staff": ["complaints.rating_providers.staff"],
        "workstation": ["complaints.rating_providers.workstation"],
        "track": ["complaints.rating_providers.track"],
    }
