from django.conf import settings
from django.db import migrations

from servicecenter.frozen_roles import migrate_frozen_roles


class Migration(migrations.Migration):
    """intake's 一次性告知书 model is CaseNotice, not to be confused with the 公告
    (disclosure.Notice); the rows and their history stay."""

    dependencies = [
        ("disclosure", "0002_roles"),
        ("intake", "0014_personal_data_request_reason_text"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("Notice", "CaseNotice"),
        migrations.RenameModel("HistoricalNotice", "HistoricalCaseNotice"),
        migrations.AlterModelOptions(
            name="casenotice",
            options={
                "ordering": ["-created_at"],
                "verbose_name": "notice to the applicant",
                "verbose_name_plural": "notices to the applicant",
            },
        ),
        migrations.AlterModelOptions(
            name="historicalcasenotice",
            options={
                "get_latest_by": ("history_date", "history_id"),
                "ordering": ("-history_date", "-history_id"),
                "verbose_name": "historical notice to the applicant",
                "verbose_name_plural": "historical notices to the applicant",
            },
        ),
        # The role groups' view permission follows the new model name.
        migrations.RunPython(migrate_frozen_roles, migrations.RunPython.noop),
    ]
