from django.db import migrations, models


def unlogged(apps, schema_editor):
    # PostgreSQL: no WAL for rate counts, so counting a hit waits for no disk flush (about
    # 3 ms a commit, measured); after a crash the table starts empty, and the limits with it.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE servicecenter_ratecount SET UNLOGGED")


class Migration(migrations.Migration):
    dependencies = [
        ("servicecenter", "0004_service_days_and_extended_hours"),
    ]

    operations = [
        migrations.CreateModel(
            name="RateCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=100, unique=True, verbose_name="key")),
                ("ends", models.BigIntegerField(verbose_name="window ends")),
                ("count", models.PositiveIntegerField(default=0, verbose_name="count")),
            ],
            options={
                "verbose_name": "rate count",
                "verbose_name_plural": "rate counts",
            },
        ),
        migrations.RunPython(unlogged, migrations.RunPython.noop, elidable=True),
    ]
