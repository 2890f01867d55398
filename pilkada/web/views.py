from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from pilkada.accounts.roles import Perm, Role
from pilkada.accounts.scoping import has_perm
from pilkada.pemilihan.selectors import contest_list, election_get_current
from pilkada.tahapan.selectors import stage_status_list
from pilkada.tps.models import Tps
from pilkada.tps.selectors import tps_list
from pilkada.web.selectors import next_tasks, public_tasks
from pilkada.wilayah.models import Desa, Kecamatan
from pilkada.wilayah.selectors import kabupaten_get_default

# What each role is pointed to first on its home page (label, URL name). Later work adds the
# tasks themselves (forms waiting for entry, honoraria to confirm, cases near their deadline).
# Labels are lazy translations.
ROLE_TASKS: dict[str, list[tuple[Any, str]]] = {
    # The province recapitulation itself is linked from the next tasks (it needs the contest).
    Role.KPU_PROVINSI: [
        (_("Kesiapan per kabupaten/kota"), "kesiapan:overview"),
        (_("Formulir C.Hasil"), "counting:index"),
        (_("Daftar TPS"), "tps:list"),
        (_("Daftar pemilih (DPT)"), "voters:overview"),
        (_("Pengawasan: kasus dan rekomendasi"), "supervision:dashboard"),
        (_("Logistik"), "logistics:overview"),
        (_("Tahapan dan jadwal"), "web:tahapan"),
    ],
    Role.KPU_ADMIN: [
        (_("Kesiapan per kecamatan"), "kesiapan:overview"),
        (_("Daftar TPS"), "tps:list"),
        (_("Daftar pemilih (DPT)"), "voters:overview"),
        (_("Antrean pemilih ganda"), "voters:duplicates"),
        (_("Tahapan dan jadwal"), "web:tahapan"),
        (_("Pengawasan: kasus dan rekomendasi"), "supervision:dashboard"),
        (_("Formulir C.Hasil"), "counting:index"),
        (_("Logistik"), "logistics:overview"),
        (_("Anggaran dan honorarium"), "budget:overview"),
        (_("Back office (admin)"), "admin:index"),
    ],
    Role.PPK: [
        (_("Kesiapan kecamatan"), "kesiapan:overview"),
        (_("TPS di kecamatan"), "tps:list"),
        (_("Formulir C.Hasil"), "counting:index"),
        (_("Logistik"), "logistics:overview"),
        (_("Honorarium"), "budget:overview"),
    ],
    Role.PPS: [
        (_("TPS di desa"), "tps:list"),
        (_("Kesiapan"), "kesiapan:overview"),
        (_("Formulir C.Hasil"), "counting:index"),
        (_("Pengiriman logistik"), "logistics:shipments"),
        (_("Honorarium"), "budget:overview"),
        (_("Antrean pemilih ganda"), "voters:duplicates"),
    ],
    Role.KPPS: [
        (_("TPS saya"), "tps:list"),
        (_("Formulir C.Hasil"), "counting:index"),
        (_("Pengiriman logistik"), "logistics:shipments"),
        (_("Honorarium"), "budget:overview"),
    ],
    Role.BAWASLU: [
        (_("Pengawasan: laporan, temuan, tenggat"), "supervision:dashboard"),
        (_("TPS rawan"), "supervision:rawan_list"),
        (_("Kesiapan per kecamatan"), "kesiapan:overview"),
        (_("Daftar TPS"), "tps:list"),
        (_("Formulir C.Hasil"), "counting:index"),
    ],
    Role.PANWASCAM: [
        (_("Pengawasan: laporan, temuan, tenggat"), "supervision:dashboard"),
        (_("Kesiapan kecamatan"), "kesiapan:overview"),
        (_("TPS di kecamatan"), "tps:list"),
    ],
    Role.PKD: [
        (_("Catat temuan"), "supervision:finding_new"),
        (_("TPS rawan"), "supervision:rawan_list"),
        (_("TPS di desa"), "tps:list"),
    ],
    Role.PTPS: [
        (_("TPS yang diawasi (daftar periksa)"), "tps:list"),
        (_("Catat temuan"), "supervision:finding_new"),
    ],
    Role.PEMKAB_KEUANGAN: [
        (_("Hibah dan honorarium"), "budget:overview"),
        (_("Kesiapan per kecamatan"), "kesiapan:overview"),
    ],
    Role.KEPALA_DESA: [
        (_("Konfirmasi honorarium desa"), "budget:overview"),
        (_("TPS di desa"), "tps:list"),
        (_("Kesiapan"), "kesiapan:overview"),
    ],
    Role.AUDITOR: [
        (_("Pengawasan"), "supervision:dashboard"),
        (_("Kesiapan per kecamatan"), "kesiapan:overview"),
        (_("Daftar TPS"), "tps:list"),
    ],
}


def home(request: HttpRequest) -> HttpResponse:
    """The public front page for visitors; a role's own page for signed-in users."""
    election = election_get_current()
    context: dict[str, Any] = {
        "election": election,
        "contests": list(contest_list(election=election)) if election else [],
        "kabupaten": kabupaten_get_default(),
        "jumlah_kecamatan": Kecamatan.objects.count(),
        "jumlah_desa": Desa.objects.count(),
        "jumlah_tps": Tps.objects.count(),
    }
    user = request.user
    if not user.is_authenticated:
        context["citizen_tasks"] = public_tasks()
        return render(request, "web/home_public.html", context)
    role = getattr(user, "role", "") or Role.KPU_ADMIN
    my_tps = tps_list(actor=user)
    context.update(
        {
            "tasks": ROLE_TASKS.get(role, []),
            "next_tasks": next_tasks(user),
            "area_tps": my_tps.count(),
            "stages": [s for s in stage_status_list(election=election) if s.status != "selesai"][:5]
            if election
            else [],
            "can_admin": has_perm(user, Perm.TAHAPAN_MANAGE) and user.is_staff,
        }
    )
    return render(request, "web/home_role.html", context)


def tahapan(request: HttpRequest) -> HttpResponse:
    """All stages and deadlines with their status (public)."""
    election = election_get_current()
    stages = stage_status_list(election=election) if election else []
    return render(request, "web/tahapan.html", {"election": election, "stages": stages})
