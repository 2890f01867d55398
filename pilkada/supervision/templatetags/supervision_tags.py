from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """{{ labels|lookup:code }}: a dict entry by a variable key ('' when absent)."""
    try:
        return mapping[key]
    except (KeyError, TypeError, ValueError):
        try:
            return mapping[str(key)]
        except (KeyError, TypeError, ValueError):
            return ""


@register.filter
def absval(value: int) -> int:
    return abs(int(value))
