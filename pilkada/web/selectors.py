"""Each role's next tasks, with how many are waiting, scoped to the user's area."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from pilkada.accounts.roles import Perm, Role
from pilkada.accounts.scoping import actor_area, has_perm, scope_q
from pilkada.budget.models import Payout
from pilkada.counting.models import CHasil, Pleno
from pilkada.counting.selectors import anomaly_flags, contests_for_area, pleno_get
from pilkada.kesiapan.selectors import moment_now, tps_readiness
from pilkada.logistics.selectors import logistics_flags, tps_logistics
from pilkada.pemilihan.models import Contest
from pilkada.recap.selectors import plenaries_below, pleno_issues
from pilkada.supervision.models import Case
from pilkada.supervision.selectors import dashboard
from pilkada.tps.models import Tps
from pilkada.voters.models import DuplicatePair, ImportBatch


@dataclass(frozen=True)
class Task:
    label: str
    url: str
    count: int
    note: str = ""


def _counting_tasks(user: Any, area: str) -> list[Task]:
    """Forms waiting for a first entry, and forms waiting for the second (independent) entry."""
    contests = contests_for_area(area_code=area[:4])
    tps = Tps.objects.filter(scope_q(user, "kode", Perm.COUNTING_VIEW), kode__startswith=area)
    forms = CHasil.objects.filter(
        scope_q(user, "tps__kode", Perm.COUNTING_VIEW), tps__kode__startswith=area
    )
    entered = forms.exclude(status=CHasil.Status.BELUM).count()
    second = forms.filter(status=CHasil.Status.MENUNGGU).count()
    url = reverse("counting:index")
    return [
        Task(
            _("C.Hasil menunggu entri"),
            f"{url}?status=belum",
            tps.count() * len(contests) - entered,
        ),
        Task(_("C.Hasil menunggu entri kedua"), f"{url}?status=menunggu", second),
    ]


def _readiness_tasks(user: Any, area: str) -> list[Task]:
    rows = tps_readiness(actor=user, area=area)
    invites = sum(
        1 for r in rows if r.checks["undangan"].applies and not r.checks["undangan"].ready
    )
    posted = sum(1 for r in rows if r.checks["dpt"].applies and not r.checks["dpt"].ready)
    url = (
        reverse("kesiapan:area", args=[area])
        if len(area) < 13
        else reverse("kesiapan:tps", args=[area])
    )
    out = [Task(_("TPS belum siap"), url, sum(1 for r in rows if not r.ready))]
    if has_perm(user, Perm.VOTERS_DISTRIBUTE):
        out += [
            Task(_("TPS dengan DPT belum diumumkan"), url, posted),
            Task(_("TPS dengan C.Pemberitahuan belum tersampaikan semua"), url, invites),
        ]
    return out


def _province_tasks(user: Any, area: str) -> list[Task]:
    """KPU Provinsi, per governor race of its province: the kabupaten/kota plenaries still
    open (N of 15 locked), then the province plenary (D.Hasil Provinsi) to propose or approve."""
    tasks: list[Task] = []
    for c in Contest.objects.filter(jenis=Contest.Jenis.GUBERNUR, kode_wilayah=area).order_by(
        "urutan"
    ):
        url = reverse("recap:area", args=[c.kode, area])
        below = plenaries_below(contest=c, area_code=area)
        if below is None:  # not a province code (a role bound to the province always has one)
            continue
        tasks.append(
            Task(
                _("Pleno kabupaten/kota %(c)s belum ditetapkan") % {"c": c.get_jenis_display()},
                url,
                len(below.waiting),
                _("%(a)d dari %(b)d sudah ditetapkan") % {"a": len(below.locked), "b": below.total},
            )
        )
        pleno = pleno_get(contest=c, area_code=area)
        if pleno is None:
            issues = pleno_issues(contest=c, area_code=area)
            tasks.append(
                Task(
                    _("Pleno provinsi %(c)s: ajukan penetapan D.Hasil Provinsi")
                    % {"c": c.get_jenis_display()},
                    url,
                    0 if issues else 1,
                    " ".join(issues) if issues else _("siap diajukan"),
                )
            )
        elif pleno.status == Pleno.Status.DIAJUKAN:
            proposer = pleno.diajukan_oleh.username if pleno.diajukan_oleh else ""
            tasks.append(
                Task(
                    _("Pleno provinsi %(c)s menunggu persetujuan orang kedua")
                    % {"c": c.get_jenis_display()},
                    url,
                    1,
                    _("diajukan oleh %(u)s") % {"u": proposer},
                )
            )
        else:
            tasks.append(
                Task(
                    _("Pleno provinsi %(c)s ditetapkan") % {"c": c.get_jenis_display()},
                    reverse("recap:pdf", args=[c.kode, area]),
                    0,
                    _("berita acara %(n)s") % {"n": pleno.nomor_berita_acara},
                )
            )
    return tasks


def next_tasks(user: Any) -> list[Task]:
    """What the signed-in user should do next, most urgent first; every count is in their area."""
    area = actor_area(user)
    if area is None:
        return []
    role = getattr(user, "role", "") or Role.KPU_ADMIN
    voting = moment_now().voting_started
    tasks: list[Task] = []
    if role in (Role.PPS, Role.KPPS, Role.PPK):
        if voting:
            tasks += _counting_tasks(user, area)
        if len(area) >= 10:
            tasks += _readiness_tasks(user, area)
    if role == Role.KEPALA_DESA:
        waiting = Payout.objects.filter(
            scope_q(user, "unit_code", Perm.HONOR_VIEW), diterima__isnull=True
        )
        tasks.append(
            Task(
                _("Honorarium menunggu konfirmasi penerimaan"),
                reverse("budget:area", args=[area]),
                waiting.count(),
            )
        )
        incomplete = sum(1 for t in tps_logistics(actor=user, desa=area) if not t.lengkap)
        tasks.append(
            Task(_("TPS dengan logistik belum lengkap"), reverse("logistics:overview"), incomplete)
        )
        tasks.append(
            Task(
                _("Selisih atau kerusakan logistik di desa"),
                reverse("logistics:overview"),
                len(logistics_flags(actor=user, area=area)),
            )
        )
    if role in (Role.BAWASLU, Role.PANWASCAM, Role.PKD, Role.PTPS) and has_perm(
        user, Perm.SUPERVISION_VIEW
    ):
        d = dashboard(actor=user)
        url = reverse("supervision:dashboard")
        tasks += [
            Task(_("Kasus lewat tenggat"), url, len(d.overdue)),
            Task(_("Kasus dengan tenggat dalam 2 hari"), url, len(d.due_soon)),
        ]
    if role == Role.KPU_PROVINSI and len(area) == 2:
        tasks += _province_tasks(user, area)
    if role == Role.KPU_ADMIN:
        pending = ImportBatch.objects.filter(
            scope_q(user, "area_code", Perm.VOTERS_VIEW),
            status__in=[
                ImportBatch.Status.ANTRE,
                ImportBatch.Status.BERJALAN,
                ImportBatch.Status.DITOLAK,
            ],
        )
        tasks.append(
            Task(_("Impor DPT menunggu keputusan"), reverse("voters:imports"), pending.count())
        )
        tasks.append(
            Task(
                _("Pasangan kemungkinan pemilih ganda"),
                reverse("voters:duplicates"),
                DuplicatePair.objects.filter(
                    scope_q(user, "tps_kode", Perm.VOTERS_REVIEW), keputusan=""
                ).count(),
            )
        )
        contests = contests_for_area(area_code=area[:4] or "18")
        for c in contests:
            plenos = Pleno.objects.filter(
                scope_q(user, "area_code", Perm.RECAP_LOCK),
                contest=c,
                status=Pleno.Status.DIAJUKAN,
            ).count()
            tasks.append(
                Task(
                    _("Pleno %(c)s menunggu persetujuan") % {"c": c.get_jenis_display()},
                    reverse("recap:view", args=[c.kode]),
                    plenos,
                )
            )
            if voting:
                flags = anomaly_flags(actor=user, contest=c, area_code=area)
                tasks.append(
                    Task(
                        _("Anomali C.Hasil %(c)s") % {"c": c.get_jenis_display()},
                        reverse("counting:anomali", args=[c.kode]),
                        len(flags),
                    )
                )
    return tasks


def public_tasks() -> list[Task]:
    """The citizen's three doors, each with a figure."""
    voters = Tps.objects.aggregate(n=Sum("jumlah_dpt"))["n"] or 0
    verified = (
        CHasil.objects.filter(status=CHasil.Status.TERVERIFIKASI).values("tps").distinct().count()
    )
    reports = Case.objects.filter(jenis=Case.Kind.LAPORAN).count()
    return [
        Task(
            _("Cek DPT: di TPS mana saya memilih?"),
            reverse("voters:cek"),
            voters,
            _("pemilih terdaftar"),
        ),
        Task(
            _("Hasil penghitungan suara"), reverse("results:home"), verified, _("TPS terverifikasi")
        ),
        Task(
            _("Lapor dugaan pelanggaran Pilkada ke Bawaslu"),
            reverse("supervision:report_new"),
            reports,
            _("laporan warga diterima"),
        ),
    ]
