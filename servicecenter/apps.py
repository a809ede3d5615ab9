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
            "servicecenter.view_serviceday",
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
            "servicecenter.view_serviceday",
            "servicecenter.add_serviceday",
            "servicecenter.change_serviceday",
            "servicecenter.delete_serviceday",
            "servicecenter.view_extendedhours",
            "auth.view_user",
        ],
        Role.DIRECTOR: [
            "auth.add_user",
            "auth.change_user",
            "axes.view_accesslog",
        ],
    }
