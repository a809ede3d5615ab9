from django.db import migrations


def sync_roles(apps, schema_editor):
    from servicecenter.roles import sync_groups

    sync_groups(apps)


class Migration(migrations.Migration):
    """Supervisors read cases and notices in the admin."""

    dependencies = [("intake", "0004_queue_settings_minimum")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
