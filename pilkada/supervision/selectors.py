"""Reading cases, their deadlines and blockers, TPS rawan and dashboards (always scoped).

The reporter's identity is never read here except by `can_see_reporter` (a yes/no) and by
`services.case_reporter_reveal`, which logs the access.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pilkada.accounts.models import User
from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import actor_area, can_see, has_perm, require_see, scope_q
from pilkada.core import clock
from pilkada.core.codes import covers
from pilkada.core.exceptions import NotFoundOrOutOfScope
from pilkada.supervision import rules as dl
from pilkada.supervision.duplicates import CaseFacts, duplicate_score
from pilkada.supervision.models import (
    Case,
    CaseStep,
    ChecklistAnswer,
    Holiday,
    TpsVulnerability,
)
from pilkada.supervision.rawan import Score, score
from pilkada.supervision.workflow import (
    FINAL,
    STATUS_LABELS,
    TRANSITIONS,
    Destination,
    Status,
    allowed_transitions,
    target_of,
)
from pilkada.tps.models import Tps
from pilkada.wilayah.models import Kecamatan

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@lru_cache(maxsize=4)
def _rules_from(path: str) -> tuple[dl.DeadlineRule, ...]:
    return dl.load_rules(Path(path))


def deadline_rules() -> tuple[dl.DeadlineRule, ...]:
    """The configured rules (PILKADA_SUPERVISION_RULES_FILE, default data/tenggat.toml)."""
    path = getattr(settings, "PILKADA_SUPERVISION_RULES_FILE", "") or str(dl.DEFAULT_RULES_FILE)
    return _rules_from(path)


def holidays() -> frozenset[date]:
    return frozenset(Holiday.objects.values_list("tanggal", flat=True))


# ---------------------------------------------------------------- cases


def _case_qs() -> QuerySet[Case]:
    return Case.objects.select_related("desa", "tps", "linked_to").prefetch_related(
        Prefetch("steps", queryset=CaseStep.objects.order_by("at", "pk"))
    )


def case_list(
    *,
    actor: Any,
    kategori: str | None = None,
    status: str | None = None,
    kecamatan: str | None = None,
    tps: str | None = None,
    jenis: str | None = None,
) -> QuerySet[Case]:
    qs = _case_qs().filter(scope_q(actor, "area_code", Perm.SUPERVISION_VIEW))
    if kategori:
        qs = qs.filter(kategori=kategori)
    if status:
        qs = qs.filter(status=status)
    if kecamatan:
        qs = qs.filter(kecamatan_kode=kecamatan)
    if tps:
        qs = qs.filter(tps_id=tps)
    if jenis:
        qs = qs.filter(jenis=jenis)
    return qs


def case_get(*, actor: Any, pk: int) -> Case:
    """One case; outside the actor's area or role it does not exist (404)."""
    case = _case_qs().filter(pk=pk).first()
    if case is None:
        raise NotFoundOrOutOfScope(_("Kasus tidak ditemukan."))
    require_see(actor, case.area_code, Perm.SUPERVISION_VIEW)
    return case


def can_handle(actor: Any, case: Case) -> bool:
    return can_see(actor, case.area_code, Perm.SUPERVISION_HANDLE)


def can_see_reporter(actor: Any, case: Case) -> bool:
    """Only an assigned officer who may still handle cases in the case's area."""
    if not isinstance(actor, User) or not actor.is_active or not actor.role:
        return False
    if not can_handle(actor, case):
        return False
    return case.petugas.filter(pk=actor.pk).exists()


def case_events(case: Case) -> dict[str, date]:
    """Dates of the events the deadline rules run from (local dates; the law counts dates)."""
    events: dict[str, date] = {
        "diketahui": case.diketahui_pada,
        "diterima": timezone.localtime(case.diterima_pada).date(),
    }
    for step in case.steps.all():
        if step.event and step.event_date and step.event not in events:
            events[step.event] = step.event_date
    return events


def case_deadlines(
    case: Case, *, today: date | None = None, holiday_set: frozenset[date] | None = None
) -> list[dl.DeadlineStatus]:
    """Each applicable deadline with its due date, state and countdown (rehearsal-aware)."""
    return dl.case_deadlines(
        deadline_rules(),
        case_events(case),
        today=today or clock.local_today(),
        holidays=holidays() if holiday_set is None else holiday_set,
        track="gakkumdu" if case.tujuan == Destination.GAKKUMDU else "",
        extended=case.diperpanjang,
    )


@dataclass(frozen=True)
class CaseRow:
    case: Case
    deadlines: list[dl.DeadlineStatus]

    @property
    def overdue(self) -> list[dl.DeadlineStatus]:
        return [d for d in self.deadlines if d.overdue]

    @property
    def next_due(self) -> dl.DeadlineStatus | None:
        running = [d for d in self.deadlines if d.state in (dl.DeadlineState.RUNNING,)]
        return min(running, key=lambda d: d.due) if running else None


def case_rows(cases: QuerySet[Case] | list[Case]) -> list[CaseRow]:
    today, hol = clock.local_today(), holidays()
    return [CaseRow(c, case_deadlines(c, today=today, holiday_set=hol)) for c in cases]


# ---------------------------------------------------------------- transitions and blockers


def case_issues_before(*, actor: Any, case: Case, transition: str) -> list[str]:
    """What stops `transition` now, in words for the user (empty list = allowed)."""
    t = TRANSITIONS.get(transition)
    if t is None:
        return [_("Langkah tidak dikenal.")]
    issues: list[str] = []
    if target_of(case.status, transition) is None:
        issues.append(
            _("Dari status “%(status)s” tidak dapat: %(step)s.")
            % {"status": STATUS_LABELS[Status(case.status)], "step": t.label}
        )
    if case.linked_to_id is not None:
        issues.append(
            _("Laporan ini digabung ke kasus %(nomor)s; tangani kasus utamanya.")
            % {"nomor": case.linked_to.nomor if case.linked_to else case.linked_to_id}
        )
    if not case.petugas.exists():
        issues.append(_("Belum ada petugas yang ditugaskan menangani kasus ini."))
    if actor is not None and not can_handle(actor, case):
        issues.append(_("Anda tidak berwenang menangani kasus ini."))
    return issues


def case_issues_before_mulai_kajian(*, actor: Any, case: Case) -> list[str]:
    return case_issues_before(actor=actor, case=case, transition="mulai_kajian")


def case_issues_before_nyatakan_lengkap(*, actor: Any, case: Case) -> list[str]:
    return case_issues_before(actor=actor, case=case, transition="nyatakan_lengkap")


def case_issues_before_nyatakan_tidak_lengkap(*, actor: Any, case: Case) -> list[str]:
    return case_issues_before(actor=actor, case=case, transition="nyatakan_tidak_lengkap")


def case_issues_before_lengkapi(*, actor: Any, case: Case) -> list[str]:
    return case_issues_before(actor=actor, case=case, transition="lengkapi")


def case_issues_before_tindak_lanjuti(*, actor: Any, case: Case) -> list[str]:
    return case_issues_before(actor=actor, case=case, transition="tindak_lanjuti")


def case_issues_before_hentikan(*, actor: Any, case: Case) -> list[str]:
    return case_issues_before(actor=actor, case=case, transition="hentikan")


def case_issues_before_teruskan(*, actor: Any, case: Case) -> list[str]:
    return case_issues_before(actor=actor, case=case, transition="teruskan")


@dataclass(frozen=True)
class StepOption:
    name: str
    label: StrPromise
    issues: list[str]


def case_step_options(*, actor: Any, case: Case) -> list[StepOption]:
    """The transitions the status allows, each with what still blocks it (for the case page)."""
    return [
        StepOption(
            name,
            TRANSITIONS[name].label,
            case_issues_before(actor=actor, case=case, transition=name),
        )
        for name in allowed_transitions(case.status)
    ]


# ---------------------------------------------------------------- duplicates


def duplicate_candidates(*, actor: Any, case: Case) -> list[tuple[Case, float]]:
    """Other cases in scope that may report the same event, best match first."""
    facts = CaseFacts(case.area_code, case.kategori, case.peristiwa_pada, case.uraian)
    window = timedelta(hours=48)
    others = (
        Case.objects.filter(scope_q(actor, "area_code", Perm.SUPERVISION_VIEW))
        .filter(
            kategori=case.kategori,
            area_code__startswith=case.area_code[:10],
            peristiwa_pada__gte=case.peristiwa_pada - window,
            peristiwa_pada__lte=case.peristiwa_pada + window,
            linked_to__isnull=True,
        )
        .exclude(pk=case.pk)
        .select_related("desa")
    )
    out = []
    for other in others:
        s = duplicate_score(
            facts, CaseFacts(other.area_code, other.kategori, other.peristiwa_pada, other.uraian)
        )
        if s is not None:
            out.append((other, s))
    return sorted(out, key=lambda p: -p[1])


# ---------------------------------------------------------------- dashboard


@dataclass(frozen=True)
class Dashboard:
    total: int
    by_category: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    by_kecamatan: list[tuple[str, str, int, int]]  # kode, nama, cases, overdue
    overdue: list[CaseRow]
    due_soon: list[CaseRow]
    late_reports: int


def dashboard(*, actor: Any, soon_days: int = 2) -> Dashboard:
    cases = list(case_list(actor=actor).filter(linked_to__isnull=True))
    rows = case_rows(cases)
    overdue = [r for r in rows if r.overdue]
    due_soon = [
        r for r in rows if not r.overdue and r.next_due and r.next_due.days_left <= soon_days
    ]
    cat = Counter(c.kategori for c in cases)
    st = Counter(c.status for c in cases)
    kec = Counter(c.kecamatan_kode for c in cases)
    kec_over = Counter(r.case.kecamatan_kode for r in overdue)
    names = dict(Kecamatan.objects.filter(kode__in=list(kec)).values_list("kode", "nama"))
    return Dashboard(
        total=len(cases),
        by_category=sorted(cat.items(), key=lambda p: -p[1]),
        by_status=[(s.value, st.get(s.value, 0)) for s in Status],
        by_kecamatan=sorted(
            ((k, names.get(k, k), n, kec_over.get(k, 0)) for k, n in kec.items()),
            key=lambda p: p[0],
        ),
        overdue=sorted(overdue, key=lambda r: min(d.due for d in r.overdue)),
        due_soon=sorted(due_soon, key=lambda r: r.next_due.due if r.next_due else date.max),
        late_reports=sum(1 for c in cases if c.terlambat),
    )


# ---------------------------------------------------------------- TPS pages


def cases_for_tps(*, actor: Any, tps_kode: str) -> list[Case]:
    """Cases about one TPS, for the TPS page (empty for roles that may not see cases)."""
    if not has_perm(actor, Perm.SUPERVISION_VIEW):
        return []
    area = actor_area(actor)
    if area is None or not covers(area, tps_kode):
        return []
    return list(case_list(actor=actor, tps=tps_kode))


@dataclass(frozen=True)
class RawanRow:
    tps: Tps
    present: list[str]
    score: Score


def rawan_list(
    *, actor: Any, kecamatan: str | None = None, only_recorded: bool = True
) -> list[RawanRow]:
    """TPS with their vulnerability indicators and score, most vulnerable first."""
    tps_qs = (
        Tps.objects.filter(scope_q(actor, "kode", Perm.SUPERVISION_VIEW))
        .select_related("desa")
        .defer("desa__batas")
    )
    if kecamatan:
        tps_qs = tps_qs.filter(kecamatan_kode=kecamatan)
    present: dict[str, list[str]] = {}
    recorded: set[str] = set()
    vq = TpsVulnerability.objects.filter(tps__in=tps_qs.values("kode"))
    for tps_id, code, ada in vq.values_list("tps_id", "indikator", "ada"):
        recorded.add(tps_id)
        if ada:
            present.setdefault(tps_id, []).append(code)
    if only_recorded:
        tps_qs = tps_qs.filter(kode__in=recorded)
    rows = [RawanRow(t, present.get(t.kode, []), score(present.get(t.kode, []))) for t in tps_qs]
    return sorted(rows, key=lambda r: (-r.score.indicators, -r.score.variables, r.tps.kode))


def rawan_for_tps(*, actor: Any, tps_kode: str) -> dict[str, TpsVulnerability]:
    require_see(actor, tps_kode, Perm.SUPERVISION_VIEW)
    return {v.indikator: v for v in TpsVulnerability.objects.filter(tps_id=tps_kode)}


# ---------------------------------------------------------------- readiness per TPS


@dataclass(frozen=True)
class TpsWatch:
    """What supervision holds about one TPS: rawan mapping, open cases, opening time answer."""

    mapped: bool = False
    rawan: Score | None = None
    open_cases: int = 0
    opened_on_time: bool | None = None  # the PTPS's answer to "buka_tepat_waktu", if any


def watch_by_tps(*, actor: Any, area: str) -> dict[str, TpsWatch]:
    """{TPS code: TpsWatch} for TPS in `area` the actor may see (three queries)."""
    scope_tps = scope_q(actor, "tps__kode", Perm.SUPERVISION_VIEW)
    present: dict[str, list[str]] = {}
    for tps_id, code, ada in TpsVulnerability.objects.filter(
        scope_tps, tps__kode__startswith=area
    ).values_list("tps_id", "indikator", "ada"):
        codes = present.setdefault(tps_id, [])
        if ada:
            codes.append(code)
    cases = Counter(
        Case.objects.filter(
            scope_q(actor, "area_code", Perm.SUPERVISION_VIEW),
            tps__kode__startswith=area,
            linked_to__isnull=True,
        )
        .exclude(status__in=[str(s) for s in FINAL])
        .values_list("tps_id", flat=True)
    )
    opened = dict(
        ChecklistAnswer.objects.filter(
            scope_tps, tps__kode__startswith=area, pertanyaan="buka_tepat_waktu"
        ).values_list("tps_id", "jawaban")
    )
    return {
        k: TpsWatch(
            mapped=k in present,
            rawan=score(present[k]) if k in present else None,
            open_cases=cases.get(k, 0),
            opened_on_time=opened.get(k),
        )
        for k in set(present) | set(cases) | set(opened)
        if k
    }
