"""Display filters for the Indonesian way of writing dates and numbers.

`USE_THOUSAND_SEPARATOR` stays off (it broke ids in form fields), so numbers meant for reading go
through `angka` (1.621 in Indonesian, 1,621 in English), money through `rupiah` (core.money) and
dates through `tanggal` (27 November 2024), which also reads the ISO strings that cached results
carry and shows them in the local time zone.
"""

from datetime import date, datetime
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from pilkada.core.money import format_rupiah

register = template.Library()


@register.filter
def angka(value: Any) -> str:
    """A number grouped by thousands in the active language (1.621 / 1,621); '' for None."""
    if value is None or value == "":
        return ""
    return str(intcomma(value))


@register.filter
def rupiah(value: Any) -> str:
    """Whole rupiah, Indonesian style (Rp69.000.000.000); '' for None."""
    return "" if value is None or value == "" else format_rupiah(int(value))


@register.filter
def tanggal(value: Any, fmt: str = "j F Y") -> str:
    """A date or time in the active language ("27 November 2024"); ISO strings are parsed and
    aware times shown in the local time zone."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            try:
                value = date.fromisoformat(value[:10])
            except ValueError:
                return str(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return str(date_filter(value, fmt))
