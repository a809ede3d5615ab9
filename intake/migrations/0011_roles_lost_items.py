from django.db import migrations

from servicecenter.frozen_roles import migrate_frozen_roles


class Migration(migrations.Migration):
    """Supervisors read the lost-property register and its history in the admin."""

    dependencies = [("intake", "0010_case_history_without_phones")]

    operations = [migrations.RunPython(migrate_frozen_roles, migrations.RunPython.noop)]
