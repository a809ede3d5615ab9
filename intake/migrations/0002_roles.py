from django.db import migrations

from servicecenter.frozen_roles import migrate_frozen_roles


class Migration(migrations.Migration):
    """Give the role groups their permissions on the queue records."""

    dependencies = [
        ("intake", "0001_initial"),
        ("disclosure", "0002_roles"),
    ]

    operations = [migrations.RunPython(migrate_frozen_roles, migrations.RunPython.noop)]
