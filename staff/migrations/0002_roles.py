from django.db import migrations

from servicecenter.frozen_roles import migrate_frozen_roles


class Migration(migrations.Migration):
    """The three role groups with their permissions; later apps' migrations sync again."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0009_add_session_hash"),
        ("servicecenter", "0001_initial"),
        ("staff", "0001_initial"),
    ]

    operations = [migrations.RunPython(migrate_frozen_roles, migrations.RunPython.noop)]
