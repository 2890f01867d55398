"""Building forms for tests."""

from typing import Any

from pilkada.counting.validators import Form, consistent_form


def form_numbers(votes: dict[int, int], *, invalid: int = 5, dpt: int = 400) -> Form:
    voted = sum(votes.values()) + invalid
    return consistent_form(
        dpt_l=dpt // 2,
        dpt_p=dpt - dpt // 2,
        voted_l=voted // 2,
        voted_p=voted - voted // 2,
        votes=votes,
        invalid=invalid,
    )


def kwargs(votes: dict[int, int], **kw: Any) -> dict[str, Any]:
    f = form_numbers(votes, **kw)
    return {"angka": dict(f.angka), "suara": dict(f.suara)}
