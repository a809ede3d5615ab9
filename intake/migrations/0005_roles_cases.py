from django.db import migrations

from servicecenter.frozen_roles import migrate_frozen_roles


class Migration(migrations.Migration):
    """Supervisors read cases and notices in the admin."""

    dependencies = [("intake", "0004_queue_settings_minimum")]

    operations = [migrations.RunPython(migrate_frozen_roles, migrations.RunPython.noop)]
