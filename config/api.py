"""The JSON API under /api/, with its OpenAPI schema at /api/openapi.json and docs at /api/docs."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from pilkada.accounts.api_auth import API_AUTH
from pilkada.accounts.apis import router as accounts_router
from pilkada.budget.apis import router as budget_router
from pilkada.core.exceptions import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from pilkada.counting.apis import router as counting_router
from pilkada.kesiapan.apis import router as kesiapan_router
from pilkada.logistics.apis import router as logistics_router
from pilkada.pemilihan.apis import router as pemilihan_router
from pilkada.recap.apis import router as recap_router
from pilkada.results.apis import router as results_router
from pilkada.supervision.apis import router as supervision_router
from pilkada.tahapan.apis import router as tahapan_router
from pilkada.tps.apis import router as tps_router
from pilkada.voters.apis import router as voters_router
from pilkada.wilayah.apis import router as wilayah_router

api = NinjaAPI(
    title="pilkada API",
    version="1",
    description=(
        "API sistem Pilkada kabupaten. Autentikasi: sesi peramban (dengan CSRF) atau "
        "`Authorization: Bearer <token>`. Data di luar wilayah pengguna menjawab 404 untuk "
        "baca dan 403 untuk ubah."
    ),
    auth=API_AUTH,
    urls_namespace="api",
)
api.add_router("/akun", accounts_router)
api.add_router("/wilayah", wilayah_router)
api.add_router("/pemilihan", pemilihan_router)
api.add_router("/tahapan", tahapan_router)
api.add_router("/tps", tps_router)
api.add_router("/kesiapan", kesiapan_router)
api.add_router("/pengawasan", supervision_router)
api.add_router("/penghitungan", counting_router)
api.add_router("/rekap", recap_router)
api.add_router("/logistik", logistics_router)
api.add_router("/anggaran", budget_router)
api.add_router("/pemilih", voters_router)
api.add_router("/hasil", results_router)


@api.exception_handler(NinjaValidationError)
def _invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    # Same shape as ValidationFailed below, so clients handle one kind of 422.
    errors = [
        {
            "lokasi": ".".join(str(p) for p in e.get("loc", ()) if p not in ("body", "payload")),
            "alasan": str(e.get("msg", "tidak sah")),
        }
        for e in exc.errors
    ]
    return api.create_response(
        request, {"detail": "Masukan tidak sah.", "errors": errors}, status=422
    )


@api.exception_handler(NotFoundOrOutOfScope)
def _not_found(request: HttpRequest, exc: NotFoundOrOutOfScope) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(ValidationFailed)
def _invalid(request: HttpRequest, exc: ValidationFailed) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": str(exc), "errors": [{"lokasi": w, "alasan": r} for w, r in exc.errors]},
        status=422,
    )
