"""Template helpers for the readiness pages: one accessible traffic light."""

from typing import Any

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def light(state: Any, states: dict[Any, tuple[str, str]], text: str = "") -> str:
    """A cell's light: colour (class), a symbol, and the state in words for screen readers."""
    symbol, words = states[state]
    return format_html(
        '<span class="light {}" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></span>{}',
        state,
        words,
        symbol,
        words,
        format_html(" {}", text) if text else "",
    )


@register.filter
def get(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)
