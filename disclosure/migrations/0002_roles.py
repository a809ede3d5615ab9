from django.db import migrations

from servicecenter.roles import migrate_roles


class Migration(migrations.Migration):
    """Give the role groups their permissions on the catalog and published texts."""

    dependencies = [
        ("disclosure", "0001_initial"),
        ("staff", "0002_roles"),
    ]

    operations = [migrations.RunPython(migrate_roles, migrations.RunPython.noop)]
