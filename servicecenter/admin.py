from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from servicecenter.models import (
    CenterProfile,
    ExtendedHours,
    OpeningHours,
    ServiceDay,
    WorkdayOverride,
)
from servicecenter.public import public_changed
from servicecenter.roles import Role, user_roles

# The admin's index links the director's unlock page (a staff page, by URL name only).
admin.site.index_template = "staff/admin_index.html"

# With either of these anyone could grant themselves everything: superusers only.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")

admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Accounts are the director's: create staff users, set their role, reset passwords.

    Supervisors only read the list (their staff-profile form picks an account from it).
    Below a superuser nobody sees a superuser's account, sets is_superuser or single
    permissions, or picks a group other than the three roles.
    """

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        # Not listed, not opened, not changed, no password reset: as if it did not exist.
        return users.filter(is_superuser=False)

    def get_fieldsets(self, request: HttpRequest, obj: User | None = None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f not in SUPERUSER_ONLY_FIELDS],
                },
            )
            for name, options in fieldsets
        ]

    def get_exclude(self, request: HttpRequest, obj: User | None = None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not request.user.is_superuser:
            # Out of the form too, so a forged POST of these fields changes nothing.
            exclude += SUPERUSER_ONLY_FIELDS
        return exclude

    def get_list_filter(self, request: HttpRequest):
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [name for name in filters if name != "is_superuser"]

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=Role.values).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        # Groups a superuser gave that the director is not offered stay as they were.
        kept = [
            group
            for group in form.initial.get("groups", [])
            if not request.user.is_superuser and group.name not in Role.values
        ]
        super().save_related(request, form, formsets, change)
        if kept:
            form.instance.groups.add(*kept)

    def save_model(self, request: HttpRequest, obj: User, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # The public board lists active staff: deactivating one shows there at once.
        public_changed()

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        super().delete_model(request, obj)
        public_changed()

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        # Only the director and superusers set someone's password; a superuser's account is
        # outside the director's queryset, so it is not found.
        if not (request.user.is_superuser or str(Role.DIRECTOR) in user_roles(request.user)):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    max_num = 7


@admin.register(CenterProfile)
class CenterProfileAdmin(SimpleHistoryAdmin):
    list_display = ["name", "address", "complaint_phone", "supervision_phone"]
    inlines = [OpeningHoursInline]

    def has_add_permission(self, request) -> bool:
        # One center per deployment (for now): the profile is edited, not added again.
        return super().has_add_permission(request) and not CenterProfile.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "reason"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(ServiceDay)
class ServiceDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "opens", "closes", "reason"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(ExtendedHours)
class ExtendedHoursAdmin(SimpleHistoryAdmin):
    # Requested and decided on the staff pages only (staff.rota): the admin reads.
    list_display = ["date", "closes", "status", "requested_by", "decided_by"]
    list_filter = ["status"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
