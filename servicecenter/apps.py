from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from servicecenter.roles import Role


class ServiceCenterConfig(AppConfig):
    name = "servicecenter"
    verbose_name = _("Service center")
    # Model permissions each role holds on this app's models (servicecenter.roles merges them).
    role_permissions = {
        Role.CLERK: [
            "servicecenter.view_centerprofile",
            "servicecenter.view_workdayoverride",
        ],
        Role.SUPERVISOR: [
            "servicecenter.view_centerprofile",
            "servicecenter.change_centerprofile",
            "servicecenter.view_openinghours",
            "servicecenter.add_openinghours",
            "servicecenter.change_openinghours",
            "servicecenter.delete_openinghours",
            "servicecenter.view_workdayoverride",
            "servicecenter.add_workdayoverride",
            "servicecenter.change_workdayoverride",
            "servicecenter.delete_workdayoverride",
            "auth.view_user",
        ],
        Role.DIRECTOR: [
            "auth.add_user",
            "auth.change_user",
            "axes.view_accesslog",
        ],
    }
