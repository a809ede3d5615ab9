from django.db import migrations


def sync_roles(apps, schema_editor):
    from servicecenter.roles import sync_groups

    sync_groups(apps)


class Migration(migrations.Migration):
    """Give the role groups their permissions on the queue records."""

    dependencies = [
        ("intake", "0001_initial"),
        ("disclosure", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
