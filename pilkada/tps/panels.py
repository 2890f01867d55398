"""Sections that apps above `tps` add to the TPS page, without `tps` importing them.

An app registers a provider in its AppConfig.ready(); the TPS page asks every provider for a
panel (a template and its context) for the current user and TPS. A provider returns None when
the user may not see its section.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pilkada.tps.models import Tps


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelProvider = Callable[[Any, Tps], Panel | None]
_providers: list[PanelProvider] = []


def register_panel(provider: PanelProvider) -> PanelProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels_for(*, actor: Any, tps: Tps) -> list[Panel]:
    return [p for p in (provider(actor, tps) for provider in _providers) if p is not None]
