"""Parts of the product were built side by side, each with a migration giving its roles their
permissions: after the last migration every role holds exactly what the apps declare."""

from django.contrib.auth.models import Group

from servicecenter.roles import role_permissions


def test_after_every_migration_each_role_holds_exactly_its_permissions(db):
    for role, names in role_permissions().items():
        group = Group.objects.get(name=role)
        held = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert held == set(names), role
