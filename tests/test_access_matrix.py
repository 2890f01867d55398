"""The access matrix: every route of the URL conf × every role (and anonymous) × own / other area
(and the province, for the recapitulation routes that answer there).

The routes are walked from `django.urls.get_resolver()` (the Ninja API included: each of its URL
patterns, with the methods its OpenAPI schema lists), so a new endpoint cannot escape: a route
without an entry in `POLICY` fails `test_every_route_has_a_policy`, and an entry for a route that
no longer exists fails it too. Each request's outcome is classified (allowed, sign-in asked,
forbidden, not found, method refused) and compared with what the policy derives from
`accounts/roles.py`: zero unexpected allows, and no expected allow refused either.

Every request runs in a savepoint that is rolled back, so a write one identity makes is not
seen by the next; the cache is cleared before each (throttles, cached pages).
"""

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from django.core.cache import caches
from django.db import transaction
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api
from pilkada.accounts.roles import Perm, Role, role_has
from pilkada.core.codes import covers
from pilkada.counting.tests.helpers import kwargs
from tests.access_world import SIDES, MatrixWorld, arg_defaults, build_matrix_world

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "docs" / "reliability" / "access-matrix.json"

ANON = "anonim"


# ---------------------------------------------------------------------------------------------
# The policy, declared per route and method.


@dataclass(frozen=True)
class Rule:
    """Who may use a route with one method.

    kind: "public" (everyone, signed in or not), "login" (every signed-in user; what is shown is
    filtered by area), "perm" (the role needs `perm`; with `scoped`, the object's area must also
    lie in the user's area), "staff" (admin site: staff users), "superuser" (admin model pages:
    nobody of the roles, staff included, since no role holds Django model permissions),
    "nobody" (the method is not served).
    """

    kind: str
    perm: Perm | None = None
    scoped: bool = False
    # Some pages show a parent region (a kecamatan) to a user of a smaller area inside it.
    ancestors: bool = False
    # Only the officers assigned to the object (a case's reporter identity).
    officers: bool = False


PUBLIC = Rule("public")
LOGIN = Rule("login")
STAFF = Rule("staff")
SUPERUSER = Rule("superuser")
NOBODY = Rule("nobody")


def need(perm: Perm) -> Rule:
    return Rule("perm", perm)


def on(perm: Perm, *, ancestors: bool = False) -> Rule:
    return Rule("perm", perm, scoped=True, ancestors=ancestors)


@dataclass(frozen=True)
class Route:
    get: Rule
    post: Rule = NOBODY
    # URL argument -> kind of object in tests.access_world (its area decides "own"/"other").
    objects: tuple[tuple[str, str], ...] = ()
    other_methods: tuple[tuple[str, Rule], ...] = ()


def R(  # noqa: N802
    get: Rule,
    post: Rule = NOBODY,
    objects: dict[str, str] | None = None,
    **other: Rule,
) -> Route:
    return Route(get, post, tuple((objects or {}).items()), tuple(other.items()))


ANY = Rule("any")  # any answer but an error
SAME = Rule("same")  # POST answered as GET (the view does not look at the method)

P = Perm
TPS = {"kode": "tps"}
CASE = {"pk": "case"}

POLICY: dict[str, Route] = {
    # --- public pages, health, sign-in
    "": R(PUBLIC, SAME),  # the public front page, or the role's own page once signed in
    "tahapan/": R(PUBLIC, SAME),
    "healthz": R(PUBLIC, SAME),
    "readyz": R(PUBLIC, SAME),
    "akun/masuk/": R(PUBLIC, PUBLIC),
    "akun/keluar/": R(NOBODY, PUBLIC),
    "akun/2fa/": R(LOGIN, LOGIN),
    "audit/checkpoints.json": R(PUBLIC, SAME),
    "i18n/setlang/": R(PUBLIC, PUBLIC),
    # Prometheus scrape: a bearer token only, never a session (404 when no token is set)
    "metrics": R(NOBODY, NOBODY),
    # --- TPS
    "tps/": R(LOGIN, SAME),
    "tps/<str:kode>/": R(on(P.TPS_VIEW), SAME, TPS),
    "tps/<str:kode>/ubah/": R(on(P.TPS_EDIT), on(P.TPS_EDIT), TPS),
    "kesiapan/": R(LOGIN, SAME),
    "kesiapan/<str:kode>/": R(on(P.KESIAPAN_VIEW), SAME, {"kode": "kecamatan"}),
    "kesiapan/<str:kode>/ringkasan.pdf": R(on(P.KESIAPAN_VIEW), SAME, {"kode": "kecamatan"}),
    "kesiapan/tps/<str:kode>/": R(on(P.KESIAPAN_VIEW), SAME, TPS),
    "kesiapan/tps/<str:kode>/bimtek/": R(NOBODY, on(P.ADHOC_EDIT_KPU), TPS),
    # --- supervision
    "pengawasan/": R(need(P.SUPERVISION_VIEW), SAME),
    "pengawasan/lapor/": R(PUBLIC, PUBLIC),  # anyone may report a violation
    "pengawasan/lapor/terima/": R(PUBLIC, SAME),
    "pengawasan/kasus/": R(need(P.SUPERVISION_VIEW), SAME),
    "pengawasan/kasus/<int:pk>/": R(on(P.SUPERVISION_VIEW), SAME, CASE),
    "pengawasan/kasus/<int:pk>/langkah/<str:transition>/": R(
        NOBODY, on(P.SUPERVISION_HANDLE), CASE
    ),
    "pengawasan/kasus/<int:pk>/perpanjang/": R(NOBODY, on(P.SUPERVISION_HANDLE), CASE),
    "pengawasan/kasus/<int:pk>/petugas/": R(NOBODY, on(P.SUPERVISION_HANDLE), CASE),
    "pengawasan/kasus/<int:pk>/gabung/": R(NOBODY, on(P.SUPERVISION_HANDLE), CASE),
    "pengawasan/kasus/<int:pk>/gakkumdu/": R(NOBODY, on(P.SUPERVISION_HANDLE), CASE),
    "pengawasan/kasus/<int:pk>/bukti/": R(NOBODY, on(P.SUPERVISION_HANDLE), CASE),
    # evidence files: for those who handle the case
    "pengawasan/kasus/<int:pk>/bukti/<int:ev>/": R(
        on(P.SUPERVISION_HANDLE), SAME, {"pk": "case", "ev": "evidence"}
    ),
    "pengawasan/temuan/baru/": R(need(P.SUPERVISION_FIND), need(P.SUPERVISION_FIND)),
    "pengawasan/tps/<str:kode>/": R(on(P.SUPERVISION_VIEW), SAME, TPS),
    "pengawasan/rawan/": R(need(P.SUPERVISION_VIEW), SAME),
    "pengawasan/rawan/<str:kode>/": R(on(P.SUPERVISION_VIEW), on(P.SUPERVISION_FIND), TPS),
    "pengawasan/periksa/<str:kode>/": R(on(P.SUPERVISION_FIND), on(P.SUPERVISION_FIND), TPS),
    "pengawasan/ekspor.<str:fmt>": R(need(P.SUPERVISION_EXPORT), SAME),
    # --- counting
    "penghitungan/": R(LOGIN, SAME),
    "penghitungan/impor/": R(need(P.COUNTING_IMPORT), need(P.COUNTING_IMPORT)),
    "penghitungan/foto/<int:photo_id>/": R(on(P.COUNTING_VIEW), SAME, {"photo_id": "photo"}),
    "penghitungan/anomali/<str:kontestasi>/": R(need(P.COUNTING_VIEW), SAME),
    "penghitungan/keberatan/<int:keberatan_id>/jawab/": R(
        NOBODY, on(P.COUNTING_OBJECTION), {"keberatan_id": "keberatan"}
    ),
    "penghitungan/keberatan/<str:kontestasi>/<str:wilayah>/": R(
        NOBODY, on(P.COUNTING_OBJECTION), {"wilayah": "tps"}
    ),
    "penghitungan/<str:tps>/<str:kontestasi>/": R(on(P.COUNTING_VIEW), SAME, {"tps": "tps"}),
    "penghitungan/<str:tps>/<str:kontestasi>/entri/": R(
        on(P.COUNTING_ENTER), on(P.COUNTING_ENTER), {"tps": "tps"}
    ),
    "penghitungan/<str:tps>/<str:kontestasi>/periksa/": R(
        NOBODY, on(P.COUNTING_VIEW), {"tps": "tps"}
    ),
    "penghitungan/<str:tps>/<str:kontestasi>/koreksi/": R(
        on(P.COUNTING_CORRECT), on(P.COUNTING_CORRECT), {"tps": "tps"}
    ),
    "penghitungan/<str:tps>/<str:kontestasi>/pdf/": R(on(P.COUNTING_VIEW), SAME, {"tps": "tps"}),
    # --- recapitulation: a kecamatan of each side (PPK's plenary) and the province (KPU
    # Provinsi's D.Hasil Provinsi plenary, governor race): only KPU Provinsi reaches "18"
    "rekap/<str:kontestasi>/": R(LOGIN, SAME),  # sends the user to the own area's page
    "rekap/<str:kontestasi>/<str:wilayah>/": R(on(P.COUNTING_VIEW), SAME, {"wilayah": "rekap"}),
    "rekap/<str:kontestasi>/<str:wilayah>/pleno/ajukan/": R(
        NOBODY, on(P.RECAP_LOCK), {"wilayah": "rekap"}
    ),
    "rekap/<str:kontestasi>/<str:wilayah>/pleno/setujui/": R(
        NOBODY, on(P.RECAP_LOCK), {"wilayah": "rekap"}
    ),
    "rekap/<str:kontestasi>/<str:wilayah>/pdf/": R(on(P.COUNTING_VIEW), SAME, {"wilayah": "rekap"}),
    # --- budget
    "anggaran/": R(LOGIN, SAME),
    # POST: the kepala desa or KPPS confirms what was received (or the PPS pays: "aksi=bayar")
    "anggaran/wilayah/<str:kode>/": R(on(P.HONOR_VIEW), on(P.HONOR_CONFIRM), {"kode": "desa"}),
    "anggaran/wilayah/<str:kode>/formulir.pdf": R(on(P.HONOR_VIEW), SAME, {"kode": "desa"}),
    "anggaran/tahap/<int:pk>/transfer/": R(NOBODY, on(P.GRANT_MANAGE), {"pk": "tranche"}),
    "anggaran/alokasi/<int:pk>/realisasi/": R(NOBODY, on(P.GRANT_REPORT), {"pk": "allocation"}),
    "anggaran/alokasi/<int:pk>/pengembalian/": R(NOBODY, on(P.GRANT_REPORT), {"pk": "allocation"}),
    "anggaran/laporan/<str:kind>.<str:fmt>": R(LOGIN, SAME, {"kind": "=desa"}),
    # --- logistics
    "logistik/": R(LOGIN, SAME),
    "logistik/pengiriman/": R(LOGIN, SAME),
    "logistik/pengiriman/baru/": R(need(P.LOGISTICS_DISPATCH), need(P.LOGISTICS_DISPATCH)),
    "logistik/pengiriman/<int:pk>/": R(
        on(P.LOGISTICS_VIEW), on(P.LOGISTICS_RECEIVE), {"pk": "shipment"}
    ),
    "logistik/pengiriman/<int:pk>/foto/": R(on(P.LOGISTICS_VIEW), SAME, {"pk": "received"}),
    "logistik/laporan/<str:kind>.<str:fmt>": R(LOGIN, SAME, {"kind": "=desa"}),
    # --- voter roll
    "pemilih/": R(LOGIN, SAME),
    "pemilih/cek-dpt/": R(PUBLIC, PUBLIC),
    "pemilih/impor/": R(need(P.VOTERS_IMPORT), need(P.VOTERS_IMPORT)),
    # import batches and their error reports: for those who import
    "pemilih/impor/<int:batch_id>/": R(on(P.VOTERS_IMPORT), SAME, {"batch_id": "batch"}),
    "pemilih/impor/<int:batch_id>/laporan.csv": R(on(P.VOTERS_IMPORT), SAME, {"batch_id": "batch"}),
    "pemilih/impor/<int:batch_id>/putus/": R(NOBODY, on(P.VOTERS_IMPORT), {"batch_id": "batch"}),
    "pemilih/ganda/": R(LOGIN, on(P.VOTERS_REVIEW), {"body:pasangan": "pair"}),
    "pemilih/ekspor/": R(need(P.VOTERS_EXPORT), need(P.VOTERS_EXPORT)),
    "pemilih/tps/<str:kode>/": R(on(P.VOTERS_VIEW), SAME, TPS),
    "pemilih/tps/<str:kode>/daftar.<str:fmt>": R(on(P.VOTERS_VIEW), SAME, TPS),
    # DPT posted at the TPS and C.Pemberitahuan handed out: seen with the TPS, recorded by PPS/KPPS
    "pemilih/tps/<str:kode>/pengumuman/": R(on(P.TPS_VIEW), on(P.VOTERS_DISTRIBUTE), TPS),
    # --- API (methods from the OpenAPI schema)
    "api/openapi.json": R(PUBLIC, SAME),
    "api/docs": R(PUBLIC, SAME),
    "api/": R(NOBODY, NOBODY),  # Ninja's catch-all: "not found" for everyone
    "api/akun/me": R(LOGIN),
    "api/wilayah/kecamatan": R(need(P.WILAYAH_VIEW)),
    "api/wilayah/kecamatan/<kode>/desa": R(on(P.WILAYAH_VIEW), objects={"kode": "kecamatan"}),
    "api/pemilihan": R(PUBLIC),
    "api/tahapan": R(PUBLIC),  # the schedule is public, as on /tahapan/
    "api/tps": R(LOGIN),
    "api/tps/<kode>": R(on(P.TPS_VIEW), objects=TPS, patch=on(P.TPS_EDIT)),
    "api/kesiapan/kecamatan": R(LOGIN),
    "api/kesiapan/wilayah/<kode>": R(on(P.KESIAPAN_VIEW), objects={"kode": "kecamatan"}),
    "api/kesiapan/tps": R(on(P.KESIAPAN_VIEW), objects={"query:wilayah": "kecamatan"}),
    "api/pengawasan/kasus": R(LOGIN),
    "api/pengawasan/kasus/<pk>": R(on(P.SUPERVISION_VIEW), objects=CASE),
    # the reporter's identity: only for the officers assigned to the case
    "api/pengawasan/kasus/<pk>/pelapor": R(
        Rule("perm", P.SUPERVISION_HANDLE, scoped=True, officers=True), objects=CASE
    ),
    "api/pengawasan/kasus/<pk>/langkah/<transition>": R(NOBODY, on(P.SUPERVISION_HANDLE), CASE),
    "api/penghitungan/foto": R(NOBODY, on(P.COUNTING_ENTER), {"body:tps": "tps"}),
    "api/penghitungan/entri": R(NOBODY, on(P.COUNTING_ENTER), {"body:tps": "tps"}),
    "api/penghitungan/koreksi": R(NOBODY, on(P.COUNTING_CORRECT), {"body:tps": "tps"}),
    "api/penghitungan/formulir/<tps>/<kontestasi>": R(on(P.COUNTING_VIEW), objects={"tps": "tps"}),
    "api/penghitungan/keberatan": R(NOBODY, on(P.COUNTING_OBJECTION), {"body:tps": "tps"}),
    "api/penghitungan/keberatan/<keberatan_id>/jawaban": R(
        NOBODY, on(P.COUNTING_OBJECTION), {"keberatan_id": "keberatan"}
    ),
    "api/penghitungan/anomali/<kontestasi>/<wilayah>": R(
        on(P.COUNTING_VIEW), objects={"wilayah": "kecamatan"}
    ),
    "api/rekap/<kontestasi>/<wilayah>": R(on(P.COUNTING_VIEW), objects={"wilayah": "rekap"}),
    "api/logistik/tps": R(LOGIN),
    "api/logistik/kekurangan": R(LOGIN),
    # from a kecamatan (the side's) to one of its desa
    "api/logistik/pengiriman": R(NOBODY, on(P.LOGISTICS_DISPATCH), {"body:dari": "kecamatan"}),
    "api/logistik/pengiriman/<pk>/terima": R(NOBODY, on(P.LOGISTICS_RECEIVE), {"pk": "shipment"}),
    "api/anggaran/potongan": R(LOGIN),
    "api/anggaran/rekonsiliasi": R(LOGIN),
    "api/anggaran/pembayaran": R(NOBODY, on(P.HONOR_PAY), {"body:anggota": "member"}),
    "api/anggaran/konfirmasi": R(
        NOBODY, on(P.HONOR_CONFIRM), {"body:wilayah": "tps", "body:anggota": "member"}
    ),
    "api/anggaran/nphd": R(LOGIN, need(P.GRANT_MANAGE)),
    "api/anggaran/alokasi/<pk>/tahap": R(
        NOBODY, objects={"pk": "allocation"}, put=on(P.GRANT_MANAGE)
    ),
    "api/anggaran/tahap/<pk>/transfer": R(NOBODY, on(P.GRANT_MANAGE), {"pk": "tranche"}),
    "api/anggaran/alokasi/<pk>/realisasi": R(NOBODY, on(P.GRANT_REPORT), {"pk": "allocation"}),
    "api/anggaran/alokasi/<pk>/pengembalian": R(NOBODY, on(P.GRANT_REPORT), {"pk": "allocation"}),
    "api/anggaran/transfer-pps": R(NOBODY, on(P.HONOR_MANAGE), {"body:desa": "desa"}),
    "api/pemilih/statistik": R(LOGIN),
    "api/pemilih/impor/<batch_id>": R(on(P.VOTERS_IMPORT), objects={"batch_id": "batch"}),
    "api/pemilih/ganda/<pair_id>": R(NOBODY, on(P.VOTERS_REVIEW), {"pair_id": "pair"}),
    "api/hasil/<kontestasi>/wilayah/<wilayah>": R(PUBLIC, objects={"wilayah": "kecamatan"}),
    "api/hasil/<kontestasi>/tps/<tps>": R(PUBLIC, objects={"tps": "tps"}),
}
POLICY.update(
    {
        # The back office: signed-in staff reach the index and their own password; the model
        # pages need Django model permissions, which no role is given (superusers only).
        "admin/": R(STAFF, SAME),
        "admin/login/": R(PUBLIC, PUBLIC),
        "admin/logout/": R(ANY, ANY),  # signing out (or being sent to the index) grants nothing
        "admin/autocomplete/": R(SUPERUSER, NOBODY),
        "admin/password_change/": R(STAFF, STAFF),
        "admin/password_change/done/": R(STAFF),
        "admin/jsi18n/": R(STAFF),
    }
)
# Everything under a prefix shares one rule, so new pages there are covered at once.
PREFIX_POLICY: dict[str, Route] = {
    "hasil/": R(PUBLIC, NOBODY),  # the public results site (read only)
    "admin/": R(SUPERUSER, SUPERUSER),  # every model page of the back office
}
RESULT_OBJECTS = {
    "photo_id": "photo",
    "wilayah": "kecamatan",
    "kode": "tps",
    "nama": "=wilayah-1",
}


# ---------------------------------------------------------------------------------------------
# Walking the URL conf.


@dataclass(frozen=True)
class Endpoint:
    route: str  # the joined pattern, e.g. "tps/<str:kode>/ubah/"
    methods: tuple[str, ...]
    api_path: str = ""  # for Ninja routes: the OpenAPI path


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern), p


def _api_methods() -> dict[str, tuple[str, ...]]:
    """OpenAPI path (with {arg}) -> methods, from the Ninja schema."""
    schema = api.get_openapi_schema()
    return {path: tuple(sorted(m.upper() for m in ops)) for path, ops in schema["paths"].items()}


def endpoints() -> list[Endpoint]:
    api_methods = _api_methods()
    out = []
    for route, _pattern in _walk(get_resolver()):
        if route.startswith("api/") and route not in ("api/openapi.json", "api/docs", "api/"):
            openapi_path = "/" + route.replace("<", "{").replace(">", "}")
            methods = api_methods.get(openapi_path)
            assert methods, f"API route {route} is not in the OpenAPI schema"
            out.append(Endpoint(route, methods, openapi_path))
        else:
            out.append(Endpoint(route, ("GET", "POST")))
    return out


# ---------------------------------------------------------------------------------------------
# Outcomes.

ALLOW, LOGIN_ASKED, FORBIDDEN, NOT_FOUND, METHOD, ERROR = (
    "allowed",
    "sign-in",
    "403",
    "404",
    "405",
    "error",
)
DENIALS = {LOGIN_ASKED, FORBIDDEN, NOT_FOUND, METHOD}


MOVED = "moved"  # the admin's redirect to a model page (checked on its own) or to its index


def classify(status: int, location: str, url: str = "") -> str:
    if status in (200, 201, 204, 206, 400, 409, 422):
        # 400/409/422: the request reached validation, i.e. it was let in.
        return ALLOW
    if status in (301, 302, 303, 307, 308):
        if location.startswith(("/akun/masuk/", "/admin/login/", "/akun/2fa/")):
            return LOGIN_ASKED
        if url.startswith("/admin/") and location in ("/admin/", url + "change/"):
            return MOVED
        return ALLOW
    if status == 401:
        return LOGIN_ASKED
    if status == 403:
        return FORBIDDEN
    if status == 404:
        return NOT_FOUND
    if status == 405:
        return METHOD
    return ERROR


def acceptable(rule: Rule, ident: str, world: MatrixWorld, built: "Built", method: str) -> set[str]:
    """The outcomes the policy allows for one identity on one route, method and object."""
    user = world.users.get(ident)
    if rule.kind == "any":
        return {ALLOW, MOVED} | DENIALS
    if rule.kind == "public":
        return {ALLOW}
    if user is None:  # anonymous
        return set(DENIALS) if rule.kind == "nobody" else {LOGIN_ASKED}
    if rule.kind == "nobody":
        return set(DENIALS)
    if rule.kind == "login":
        return {ALLOW}
    if rule.kind in ("staff", "superuser"):
        if not user.is_staff:
            return {LOGIN_ASKED}
        return {ALLOW} if rule.kind == "staff" else {FORBIDDEN, NOT_FOUND, MOVED}
    assert rule.kind == "perm" and rule.perm is not None
    if not role_has(user.role, rule.perm):
        return {FORBIDDEN, NOT_FOUND}
    if not rule.scoped:
        return {ALLOW}
    area, areas = user.area_code, built.areas
    inside = any(covers(area, a) for a in areas)
    if rule.ancestors:
        inside = inside or any(covers(a, area) for a in areas)
    if inside and rule.officers and user.username not in built.officers:
        return {FORBIDDEN}
    if inside:
        return {ALLOW}
    # Outside the area: a read answers "not found", a write "forbidden" (or "not found" when
    # the object is looked up first).
    return {NOT_FOUND} if method == "GET" else {FORBIDDEN, NOT_FOUND}


ADMIN_ARGS = {"object_id": "1", "id": "1", "content_type_id": "1", "pk": "1"}
ARG = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass
class Built:
    url: str
    areas: tuple[str, ...]
    values: dict[str, str]
    officers: tuple[str, ...] = ()


def url_for(route: str, spec: Route, world: MatrixWorld, side: str) -> Built | None:
    """The URL of `route` with the objects of `side`, and the areas of those objects."""
    if route.startswith("admin/"):
        if "(?P<app_label>" in route:
            return Built("/admin/tps/", (), {})
        if "(?P<url>" in route:
            return Built("/admin/tidak-ada/", (), {})
        return Built("/" + ARG.sub(lambda m: ADMIN_ARGS[m.group(1)], route), (), {})
    values = {k: str(v) for k, v in arg_defaults().items()}
    areas: list[str] = []
    officers: list[str] = []
    objects = spec.objects or (tuple(RESULT_OBJECTS.items()) if route.startswith("hasil/") else ())
    for arg, kind in objects:
        name = arg.removeprefix("body:").removeprefix("query:")
        if kind.startswith("="):
            values[name] = kind[1:]
            continue
        obj = world.objects.get((kind, side))
        if obj is None:
            return None
        values[name] = obj.value
        areas.extend(obj.areas)
        officers.extend(obj.officers)
    try:
        url = "/" + ARG.sub(lambda m: values[m.group(1)], route)
    except KeyError as exc:
        raise AssertionError(f"{route}: no object declared for argument {exc}") from exc
    # "query:name" objects go into the query string (GET /api/kesiapan/tps?wilayah=...).
    query = [f"{a[6:]}={values[a[6:]]}" for a, _ in objects if a.startswith("query:")]
    if query:
        url += "?" + "&".join(query)
    return Built(url, tuple(areas), values, tuple(officers))


def body_for(route: str, method: str, values: dict[str, str]) -> Any:
    template = BODIES.get((route, method), {})
    text = json.dumps(template)
    for k, v in values.items():
        text = text.replace("{" + k + "}", v)
    return json.loads(text)


def rules_of(spec: Route) -> dict[str, Rule]:
    rules = {"GET": spec.get, "POST": spec.get if spec.post is SAME else spec.post}
    for m, r in spec.other_methods:
        rules[m.upper()] = spec.get if r is SAME else r
    return rules


def policy_for(route: str) -> Route | None:
    if route in POLICY:
        return POLICY[route]
    for prefix, spec in PREFIX_POLICY.items():
        if route.startswith(prefix):
            return spec
    return None


# Valid bodies for the writes, so that a refusal is about who asks, not about what is sent
# ("{name}" is replaced by the object of the side being tried).
FORM = kwargs({1: 120, 2: 80})
CORRECTED = kwargs({1: 119, 2: 81})
BODIES: dict[tuple[str, str], Any] = {
    # web forms
    ("kesiapan/tps/<str:kode>/bimtek/", "POST"): {"tanggal": "2024-11-20"},
    ("pemilih/tps/<str:kode>/pengumuman/", "POST"): {"aksi": "umumkan", "tanggal": "2024-11-20"},
    ("pengawasan/kasus/<int:pk>/langkah/<str:transition>/", "POST"): {
        "keputusan": "Dikaji.",
        "dokumen": "A-1",
    },
    ("penghitungan/keberatan/<str:kontestasi>/<str:wilayah>/", "POST"): {
        "saksi": "Saksi 1",
        "isi": "Keberatan.",
        "jenis": "keberatan",
    },
    ("penghitungan/keberatan/<int:keberatan_id>/jawab/", "POST"): {"jawaban": "Dijawab."},
    ("anggaran/tahap/<int:pk>/transfer/", "POST"): {"jumlah": "1", "tanggal": "2023-11-20"},
    ("anggaran/alokasi/<int:pk>/realisasi/", "POST"): {
        "akun": "5211",
        "uraian": "uji",
        "jumlah": "1",
        "tanggal": "2024-01-01",
    },
    ("anggaran/alokasi/<int:pk>/pengembalian/", "POST"): {"jumlah": "1", "tanggal": "2024-01-01"},
    ("pemilih/ganda/", "POST"): {"pasangan": "{pasangan}", "keputusan": "bukan"},
    # API
    ("api/tps/<kode>", "PATCH"): {"keterangan": "uji akses"},
    ("api/pengawasan/kasus/<pk>/langkah/<transition>", "POST"): {
        "keputusan": "Dikaji.",
        "dokumen": "A-1",
    },
    ("api/penghitungan/foto", "POST"): {"tps": "{tps}"},
    ("api/penghitungan/entri", "POST"): {
        "tps": "{tps}",
        "kontestasi": "pilgub",
        **FORM,
    },
    ("api/penghitungan/koreksi", "POST"): {
        "tps": "{tps}",
        "kontestasi": "pilgub",
        **CORRECTED,
        "alasan": "Salah salin satu suara.",
    },
    ("api/penghitungan/keberatan", "POST"): {
        "kontestasi": "pilgub",
        "wilayah": "{tps}",
        "saksi": "Saksi 1",
        "isi": "Keberatan.",
    },
    ("api/penghitungan/keberatan/<keberatan_id>/jawaban", "POST"): {"jawaban": "Dijawab."},
    ("api/logistik/pengiriman", "POST"): {
        "dari": "{dari}",
        "ke": "{dari}2001",
        "barang": {"tinta": 1},
    },
    ("api/logistik/pengiriman/<pk>/terima", "POST"): {"barang": {"tinta": [3, 0]}},
    ("api/anggaran/pembayaran", "POST"): {"anggota": "{anggota}", "dibayar": 100, "pajak": 0},
    ("api/anggaran/konfirmasi", "POST"): {"wilayah": "{wilayah}", "diterima": {"{anggota}": 100}},
    ("api/anggaran/nphd", "POST"): {
        "nomor": "NPHD-2",
        "tanggal_ttd": "2023-11-10",
        "hari_pemungutan": "2024-11-27",
        "kode_wilayah": "1807",
        "pemberi": "Pemkab",
        "penerima": [{"kode": "kpu", "nama": "KPU", "jumlah": 1000}],
    },
    ("api/anggaran/alokasi/<pk>/tahap", "PUT"): {"tahap": [[1_000_000, "2024-01-01"]]},
    ("api/anggaran/tahap/<pk>/transfer", "POST"): {"jumlah": 1, "tanggal": "2023-11-20"},
    ("api/anggaran/alokasi/<pk>/realisasi", "POST"): {
        "akun": "5211",
        "uraian": "uji",
        "jumlah": 1,
        "tanggal": "2024-01-01",
    },
    ("api/anggaran/alokasi/<pk>/pengembalian", "POST"): {"jumlah": 1, "tanggal": "2024-01-01"},
    ("api/anggaran/transfer-pps", "POST"): {"desa": "{desa}", "jumlah": 1, "tanggal": "2024-11-19"},
    ("api/pemilih/ganda/<pair_id>", "POST"): {"keputusan": "bukan"},
}


# Identities for rules where no role can be let in wrongly: public pages (anyone may) and POSTs
# answered exactly as the GET already tried with every role. Anonymous and two roles suffice.
FEW = {ANON, Role.PPS.value, Role.PEMKAB_KEUANGAN.value}


def _worth_trying(rule: Rule, spec: Route, method: str, ident: str) -> bool:
    if ident in FEW:
        return True
    if rule.kind in ("public", "any"):
        return False
    if rule.kind in ("staff", "superuser"):
        # The admin site looks only at is_staff/is_superuser, never at the role: the roles
        # without staff status all take the same path as the two in FEW.
        return ident == Role.KPU_ADMIN.value
    return not (method == "POST" and spec.post is SAME)


# The web routes are tried in two halves (two test functions, so two workers can share them).
WEB_PART = {"pengawasan": 2, "penghitungan": 2, "rekap": 2, "hasil": 2, "i18n": 2}


@dataclass
class Mismatch:
    method: str
    url: str
    ident: str
    got: str
    want: set[str]
    status: int
    detail: str = ""

    def __str__(self) -> str:
        return (
            f"{self.method} {self.url} as {self.ident}: {self.got} ({self.status}), "
            f"want {sorted(self.want)} {self.detail}"
        )


class AccessMatrix(TestCase):
    world: MatrixWorld

    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = build_matrix_world()

    def _clients(self) -> dict[str, Client]:
        clients = {ANON: Client()}
        for role, user in self.world.users.items():
            c = Client()
            c.force_login(user)
            clients[role] = c
        return clients

    def _run(self, which: str, part: int = 0) -> tuple[Counter[str], list[Mismatch]]:
        clients = self._clients()
        tally: Counter[str] = Counter()
        mismatches: list[Mismatch] = []
        cache = caches["default"]
        for ep in endpoints():
            is_admin = ep.route.startswith("admin/")
            is_api = bool(ep.api_path)
            if which == "admin" and not is_admin:
                continue
            if which == "api" and not is_api:
                continue
            if which == "web" and (is_admin or is_api):
                continue
            if part and WEB_PART.get(ep.route.split("/", 1)[0], 1) != part:
                continue
            spec = policy_for(ep.route)
            if spec is None:
                mismatches.append(Mismatch("*", ep.route, "-", "no policy", set(), 0))
                continue
            rules = rules_of(spec)
            sides = SIDES if spec.objects else ("A",)
            tally["routes"] += 1
            for method in ep.methods:
                rule = rules.get(method)
                if rule is None:
                    mismatches.append(Mismatch(method, ep.route, "-", "no policy", set(), 0))
                    continue
                for side in sides:
                    built = url_for(ep.route, spec, self.world, side)
                    if built is None:
                        continue
                    body = body_for(ep.route, method, built.values)
                    for ident, client in clients.items():
                        if not _worth_trying(rule, spec, method, ident):
                            continue
                        want = acceptable(rule, ident, self.world, built, method)
                        cache.clear()
                        cookies = client.cookies
                        client.cookies = SimpleCookie(cookies)  # a sign-out must not stick
                        with transaction.atomic():
                            r = self._request(client, method, ep.route, built.url, body, is_api)
                            transaction.set_rollback(True)
                        client.cookies = cookies
                        got = classify(r.status_code, r.get("Location", ""), built.url)
                        tally["requests"] += 1
                        tally[got] += 1
                        if got not in want:
                            mismatches.append(
                                Mismatch(
                                    method,
                                    built.url,
                                    ident,
                                    got,
                                    want,
                                    r.status_code,
                                    r.content[:160].decode("utf-8", "replace") if is_api else "",
                                )
                            )
        return tally, mismatches

    @staticmethod
    def _request(client: Client, method: str, route: str, url: str, body: Any, is_api: bool) -> Any:
        if method == "GET":
            return client.get(url)
        if route == "api/penghitungan/foto":
            from django.core.files.uploadedfile import SimpleUploadedFile

            from pilkada.results.tests.factories import png

            data = {"tps": body.get("tps", ""), "kontestasi": "pilgub"}
            return client.post(url, {**data, "berkas": SimpleUploadedFile("c.png", png())})
        if is_api:
            return client.generic(method, url, json.dumps(body), content_type="application/json")
        return client.post(url, body)


def _report(name: str, tally: Counter[str], mismatches: list[Mismatch]) -> None:
    allows = [m for m in mismatches if m.got == ALLOW]
    _write_figures(name, tally, len(allows), len(mismatches) - len(allows))
    assert not mismatches, (
        f"{len(allows)} unexpected allows, {len(mismatches) - len(allows)} other mismatches:\n"
        + "\n".join(str(m) for m in mismatches[:80])
    )


class TestMatrix(AccessMatrix):
    def test_web_pages(self) -> None:
        tally, mismatches = self._run("web", part=1)
        _report("web", tally, mismatches)

    def test_web_pages_2(self) -> None:
        tally, mismatches = self._run("web", part=2)
        _report("web 2", tally, mismatches)

    def test_api(self) -> None:
        tally, mismatches = self._run("api")
        _report("api", tally, mismatches)

    def test_admin(self) -> None:
        tally, mismatches = self._run("admin")
        _report("admin", tally, mismatches)


def _write_figures(part: str, tally: Counter[str], unexpected_allows: int, other: int) -> None:
    """Each part adds its figures to docs/reliability/access-matrix.json (parts may run in
    parallel workers, hence the lock)."""
    import fcntl

    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    with open(FIGURES.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            doc = json.loads(FIGURES.read_text())
        except (OSError, ValueError):
            doc = {}
        parts = doc.get("parts", {})
        parts[part] = {
            "routes": tally["routes"],
            "requests": tally["requests"],
            "outcomes": {k: v for k, v in sorted(tally.items()) if k not in ("routes", "requests")},
            "unexpected_allows": unexpected_allows,
            "other_mismatches": other,
        }
        doc = {
            "what": f"every route of the URL conf x every role ({len(Role)}) and anonymous x "
            "own/other area (and the province, where a route answers there), GET and POST (API: "
            "the methods of its OpenAPI schema); outcome compared with the policy table in "
            "tests/test_access_matrix.py",
            "roles": [r.value for r in Role],
            "routes": sum(p["routes"] for p in parts.values()),
            "requests": sum(p["requests"] for p in parts.values()),
            "unexpected_allows": sum(p["unexpected_allows"] for p in parts.values()),
            "other_mismatches": sum(p["other_mismatches"] for p in parts.values()),
            "parts": dict(sorted(parts.items())),
        }
        FIGURES.write_text(json.dumps(doc, indent=2) + "\n")


def test_every_route_has_a_policy() -> None:
    """A new route without a policy entry fails here (and in the matrix); so does an entry left
    behind for a route that is gone, and an API method the table does not name."""
    eps = endpoints()
    routes = {ep.route for ep in eps}
    assert len(routes) > 300
    missing = [ep.route for ep in eps if policy_for(ep.route) is None]
    stale = [r for r in POLICY if r not in routes]
    unnamed = []
    for ep in eps:
        spec = policy_for(ep.route)
        if spec is not None and ep.api_path:
            rules = rules_of(spec)
            unnamed += [f"{m} {ep.route}" for m in ep.methods if rules.get(m, NOBODY) is NOBODY]
    assert missing == [], f"routes without an access policy: {missing}"
    assert stale == [], f"policy entries for routes that do not exist: {stale}"
    assert unnamed == [], f"API methods without a rule: {unnamed}"


def test_a_route_without_policy_is_caught(monkeypatch) -> None:
    """The guard itself: take one entry away and the walk reports it."""
    monkeypatch.delitem(POLICY, "tps/<str:kode>/ubah/")
    assert "tps/<str:kode>/ubah/" in [
        ep.route for ep in endpoints() if policy_for(ep.route) is None
    ]
