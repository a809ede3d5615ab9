"""Re-encrypt stored personal data with the first key of FIELD_ENCRYPTION_KEYS.

Key rotation: put a new key in front of FIELD_ENCRYPTION_KEYS, run this command, then drop
the old key. Rows are rewritten with a queryset update, so no history row is added and the
history tables' tokens are rotated too.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from servicecenter.personal import EncryptedCharField


class Command(BaseCommand):
    help = "Re-encrypt personal data with the newest key."

    def handle(self, *args, **options) -> None:
        total = 0
        with transaction.atomic():
            for model in apps.get_models():
                fields = [
                    f for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)
                ]
                for field in fields:
                    # Reading decrypts with whichever key fits; writing encrypts with the first.
                    rows = model._base_manager.exclude(**{field.attname: ""}).values_list(
                        "pk", field.attname
                    )
                    for pk, value in rows.iterator():
                        model._base_manager.filter(pk=pk).update(**{field.attname: value})
                        total += 1
        self.stdout.write(f"Re-encrypted {total} values.")
