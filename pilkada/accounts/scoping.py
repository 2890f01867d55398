"""Area and role checks used by every selector and service.

Reads outside the actor's area answer "not found" (the caller cannot tell whether the object
exists); writes the actor may not make answer "forbidden".
"""

from typing import Any

from django.db.models import Q

from pilkada.accounts.models import User
from pilkada.accounts.roles import Perm, role_has
from pilkada.core.codes import covers
from pilkada.core.exceptions import NotFoundOrOutOfScope, PermissionDenied


def actor_area(actor: Any) -> str | None:
    """The actor's area code; '' means everything (superuser); None means nothing."""
    if not isinstance(actor, User) or not actor.is_active:
        return None
    if actor.is_superuser and not actor.role:
        return ""
    return actor.area_code if actor.role else None


def has_perm(actor: Any, perm: Perm) -> bool:
    if not isinstance(actor, User) or not actor.is_active:
        return False
    if actor.is_superuser and not actor.role:
        return True
    return role_has(actor.role, perm)


def can_see(actor: Any, code: str, perm: Perm) -> bool:
    area = actor_area(actor)
    return area is not None and has_perm(actor, perm) and covers(area, code)


def scope_q(actor: Any, field: str, perm: Perm) -> Q:
    """A filter that keeps only rows whose `field` (a KPU code) lies in the actor's area.

    Rows of an actor without the permission, or without an area, are all filtered out.
    """
    area = actor_area(actor)
    if area is None or not has_perm(actor, perm):
        return Q(pk__in=[])
    if area == "":
        return Q()
    return Q(**{f"{field}__startswith": area})


def scope_q_with_ancestors(actor: Any, field: str, perm: Perm) -> Q:
    """Like `scope_q`, plus the regions that contain the actor's area.

    A PPS operator's area is one desa; pages grouped by kecamatan still need that kecamatan's
    row (holding only the desa's own figures).
    """
    area = actor_area(actor)
    q = scope_q(actor, field, perm)
    if area and has_perm(actor, perm):
        ancestors = [area[:n] for n in (2, 4, 6, 10) if n < len(area)]
        q |= Q(**{f"{field}__in": ancestors})
    return q


def require_see(actor: Any, code: str, perm: Perm) -> None:
    if not can_see(actor, code, perm):
        raise NotFoundOrOutOfScope("Data tidak ditemukan.")


def require_change(actor: Any, code: str, perm: Perm) -> None:
    """Writes: the actor needs the permission and the object must lie in the actor's area.

    The area test is also the level test: a role's area code has its level's length (checked
    when the user is saved), and a code lies inside it only when it starts with it, so a role
    never writes at a level above its own (a KPU Kabupaten of 1807 at the province "18", a PPK
    at its kabupaten "1807": both refused).
    """
    area = actor_area(actor)
    if area is None or not has_perm(actor, perm) or not covers(area, code):
        raise PermissionDenied("Anda tidak berwenang mengubah data ini.")
