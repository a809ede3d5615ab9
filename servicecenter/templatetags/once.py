"""{% form_token %}: the hidden one-time token every state-changing form carries."""

from django import template
from django.utils.html import format_html

from servicecenter.tokens import new_token

register = template.Library()


@register.simple_tag
def form_token() -> str:
    return format_html('<input type="hidden" name="token" value="{}">', new_token())
