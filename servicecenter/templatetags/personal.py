"""Template filters that mask personal data: {{ value|mask_id }}, |mask_phone, |mask_name."""

from django import template

from servicecenter import personal

register = template.Library()

register.filter("mask_id", personal.mask_id_number)
register.filter("mask_phone", personal.mask_phone)
register.filter("mask_name", personal.mask_name)
