from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from servicecenter.roles import Role


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = _("Open disclosure")
    # Model permissions each role holds on this app's models (servicecenter.roles merges them).
    role_permissions = {
        Role.CLERK: [
            "disclosure.view_category",
            "disclosure.view_serviceitem",
            "disclosure.view_rule",
        ],
        Role.SUPERVISOR: [
            "disclosure.view_category",
            "disclosure.add_category",
            "disclosure.change_category",
            "disclosure.delete_category",
            "disclosure.view_serviceitem",
            "disclosure.add_serviceitem",
            "disclosure.change_serviceitem",
            "disclosure.delete_serviceitem",
            "disclosure.view_material",
            "disclosure.add_material",
            "disclosure.change_material",
            "disclosure.delete_material",
            "disclosure.view_step",
            "disclosure.add_step",
            "disclosure.change_step",
            "disclosure.delete_step",
            "disclosure.view_fee",
            "disclosure.add_fee",
            "disclosure.change_fee",
            "disclosure.delete_fee",
            "disclosure.view_rule",
            "disclosure.add_rule",
            "disclosure.change_rule",
            "disclosure.delete_rule",
            "disclosure.view_notice",
            "disclosure.add_notice",
            "disclosure.change_notice",
            "disclosure.delete_notice",
            "disclosure.view_publishedresult",
        ],
    }
