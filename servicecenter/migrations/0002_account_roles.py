from django.db import migrations

from servicecenter.frozen_roles import migrate_frozen_roles


class Migration(migrations.Migration):
    """Accounts are the director's: supervisors keep only auth.view_user; no role holds
    group or permission rights; unlocking goes through the recorded page, not axes' admin."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
        ("servicecenter", "0001_initial"),
    ]

    operations = [migrations.RunPython(migrate_frozen_roles, migrations.RunPython.noop)]
