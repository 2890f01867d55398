"""Public JSON API of the results (no login): one area or one TPS, schemas in docs/results.md."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path as PathParam
from ninja import Router
from pydantic import StringConstraints

from pilkada.core.api import PUBLIC_ERRORS
from pilkada.results.selectors import area_results, tps_results

router = Router(tags=["hasil"])
Slug = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]{1,60}$")]
Area = Annotated[str, StringConstraints(pattern=r"^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{10})$")]
TpsCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{13}$")]


@router.get(
    "/{kontestasi}/wilayah/{wilayah}", response={200: dict[str, Any], **PUBLIC_ERRORS}, auth=None
)
def get_area(
    request: HttpRequest, kontestasi: PathParam[Slug], wilayah: PathParam[Area]
) -> dict[str, Any]:
    """Totals, progress and turnout of a kabupaten, kecamatan or desa (schema wilayah-1)."""
    return area_results(actor=request.user, contest_kode=kontestasi, area_code=wilayah)


@router.get("/{kontestasi}/tps/{tps}", response={200: dict[str, Any], **PUBLIC_ERRORS}, auth=None)
def get_tps(
    request: HttpRequest, kontestasi: PathParam[Slug], tps: PathParam[TpsCode]
) -> dict[str, Any]:
    """One TPS: verified numbers, photo hashes, status, history (schema tps-1)."""
    return tps_results(actor=request.user, contest_kode=kontestasi, tps_kode=tps)
