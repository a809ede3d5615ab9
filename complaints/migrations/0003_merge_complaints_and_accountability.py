from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0002_roles_complaints"),
        ("complaints", "0002_roles_ratings_fault_records"),
    ]

    operations = []
