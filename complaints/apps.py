from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints and accountability")
    # Model permissions each role holds on this app's models (servicecenter.roles merges them).
    role_permissions: dict = {}
    # Figures this app lends to pages below it (servicecenter.figures).
    figure_providers: dict[str, str | list[str]] = {}
