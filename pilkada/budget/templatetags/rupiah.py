from django import template

from pilkada.core.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(value: int | None) -> str:
    """Whole rupiah, Indonesian style (Rp1.234.567); empty for None."""
    return "" if value is None else format_rupiah(int(value))


@register.filter
def get(mapping: dict[str, str], key: str) -> str:
    """Look a key up in a dict (names of regions by code)."""
    return mapping.get(key, "")
