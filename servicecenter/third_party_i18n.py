"""Strings of third-party templates whose Simplified Chinese is missing or garbled.

Listing them here puts them in this project's catalogue, which Django reads before the
libraries' own (LOCALE_PATHS come first).
"""

from django.utils.translation import gettext_noop

STRINGS = [
    gettext_noop("Changes"),  # django-simple-history's history list
    gettext_noop("badge_number"),
    gettext_noop("Non field specific"),  # django-import-export
    gettext_noop("Some rows failed to validate"),
    gettext_noop("Select all"),
    gettext_noop(
        "No valid data to import. Ensure your file has the correct headers or data for import."
    ),
]
