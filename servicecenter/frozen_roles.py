"""The role permissions as the migrations up to intake 0015 gave them, frozen here so
old migrations do not change when an app's `role_permissions` (apps.py) changes later.
A later change of permissions adds a migration with its own list; never edit this one.
The apps' role migrations run in no fixed order among the apps, so each sets the same
lists; intake's 一次性告知书 permission is named both before (notice) and after (casenotice)
intake 0015 renamed the model."""

from servicecenter.roles import sync_groups

FROZEN: dict[str, list[str]] = {
    "窗口工作人员": [
        "servicecenter.view_centerprofile",
        "servicecenter.view_workdayoverride",
        "staff.view_counter",
        "staff.view_staffprofile",
        "disclosure.view_category",
        "disclosure.view_serviceitem",
        "disclosure.view_rule",
    ],
    "主管": [
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
        "staff.view_counter",
        "staff.add_counter",
        "staff.change_counter",
        "staff.view_staffprofile",
        "staff.add_staffprofile",
        "staff.change_staffprofile",
        "auth.view_user",
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
        "intake.view_queuesettings",
        "intake.change_queuesettings",
        "intake.add_queuesettings",
        "intake.view_ticket",
        "intake.view_appointment",
        "intake.view_countersession",
        "intake.view_call",
        "intake.view_case",
        "intake.view_notice",
        "intake.view_casenotice",
        "intake.view_lostitem",
    ],
}
# The director: everything a supervisor holds, and the accounts.
FROZEN["中心主任"] = FROZEN["主管"] + [
    "auth.add_user",
    "auth.change_user",
    "axes.view_accesslog",
]


def migrate_frozen_roles(apps, schema_editor) -> None:
    sync_groups(apps, FROZEN)
