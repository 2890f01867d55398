"""Readiness per kecamatan: what each domain holds against what it should hold.

Later work (voter roll, logistics, honoraria, supervision, count) adds columns here; each column
is a (have, need) pair so the page can show a traffic light and the gap.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import Substr
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import actor_area, has_perm, require_see, scope_q
from pilkada.adhoc.models import BODY_SIZE, Body
from pilkada.adhoc.selectors import TpsTeam, member_counts_by_kecamatan, team_by_tps
from pilkada.budget.selectors import (
    RecipientTranches,
    TpsHonor,
    confirmation_by_kecamatan,
    honor_by_tps,
    tranches_by_recipient,
)
from pilkada.core import clock
from pilkada.core.exceptions import NotFoundOrOutOfScope
from pilkada.core.money import format_rupiah
from pilkada.counting.selectors import TpsForms, contests_for_area, forms_by_tps
from pilkada.logistics.selectors import TpsLogistics, complete_by_kecamatan, tps_logistics
from pilkada.pemilihan.selectors import election_get_current
from pilkada.supervision.selectors import TpsWatch, watch_by_tps
from pilkada.tahapan.models import Stage
from pilkada.tps.models import Tps
from pilkada.voters.selectors import TpsRoll, roll_by_tps
from pilkada.wilayah.models import Desa, Kabupaten, Kecamatan, Provinsi
from pilkada.wilayah.selectors import desa_count_by_kecamatan, kecamatan_list

# Columns in display order: (key, label, body, unit the size is per).
COLUMNS: list[tuple[str, str, str, str]] = [
    ("ppk", "PPK", Body.PPK, "kecamatan"),
    ("pps", "PPS", Body.PPS, "desa"),
    ("kpps", "KPPS", Body.KPPS, "tps"),
    ("linmas", "Linmas", Body.LINMAS, "tps"),
    ("panwascam", "Panwascam", Body.PANWASCAM, "kecamatan"),
    ("pkd", "PKD", Body.PKD, "desa"),
    ("ptps", "PTPS", Body.PTPS, "tps"),
]
# Columns measured by other domains (issue #6): (key, label).
DOMAIN_COLUMNS: list[tuple[str, Any]] = [
    ("logistik", _("Logistik lengkap (TPS)")),
    ("honor", _("Honor dikonfirmasi (orang)")),
]


@dataclass(frozen=True)
class Measure:
    have: int
    need: int

    @property
    def ready(self) -> bool:
        return self.have >= self.need

    @property
    def percent(self) -> int:
        return 100 if self.need == 0 else min(100, round(100 * self.have / self.need))


@dataclass
class KecamatanReadiness:
    kode: str
    nama: str
    desa: int
    tps: int
    measures: dict[str, Measure] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return all(m.ready for m in self.measures.values())


def readiness_by_kecamatan(*, actor: Any, area: str = "") -> list[KecamatanReadiness]:
    """One row per kecamatan in the actor's area (3 queries whatever the size), or only those
    of `area` (a kabupaten page seen by KPU Provinsi, whose area holds every kabupaten)."""
    tps_per_kec = dict(
        Tps.objects.filter(scope_q(actor, "kode", Perm.KESIAPAN_VIEW), kode__startswith=area)
        .values_list("kecamatan_kode")
        .annotate(n=Count("kode"))
    )
    members = member_counts_by_kecamatan(actor=actor)
    desa_per_kec = desa_count_by_kecamatan(actor=actor)
    own = actor_area(actor) or ""
    rows = []
    for kec in kecamatan_list(actor=actor).filter(kode__startswith=area):
        n_desa = desa_per_kec.get(kec.kode, 0)
        n_tps = tps_per_kec.get(kec.kode, 0)
        # Kecamatan-level bodies count only for actors whose area holds the whole kecamatan.
        units = {"kecamatan": 1 if len(own) <= 6 else 0, "desa": n_desa, "tps": n_tps}
        row = KecamatanReadiness(kode=kec.kode, nama=kec.nama, desa=n_desa, tps=n_tps)
        for key, _label, body, per in COLUMNS:
            row.measures[key] = Measure(
                members.get((kec.kode, body), 0), BODY_SIZE[body] * units[per]
            )
        rows.append(row)
    logistics = complete_by_kecamatan(actor=actor)
    honoraria = confirmation_by_kecamatan(actor=actor)
    for row in rows:
        row.measures["logistik"] = Measure(*logistics.get(row.kode, (0, row.tps)))
        row.measures["honor"] = Measure(*honoraria.get(row.kode, (0, 0)))
    return rows


def readiness_totals(rows: list[KecamatanReadiness]) -> KecamatanReadiness:
    total = KecamatanReadiness(
        kode="", nama="Total", desa=sum(r.desa for r in rows), tps=sum(r.tps for r in rows)
    )
    for key in [c[0] for c in COLUMNS] + [c[0] for c in DOMAIN_COLUMNS]:
        total.measures[key] = Measure(
            sum(r.measures[key].have for r in rows), sum(r.measures[key].need for r in rows)
        )
    return total


# --- Readiness per TPS (issue #10) ----------------------------------------------------------


class State(StrEnum):
    OK = "ok"  # ready
    WARN = "warn"  # ready, but to be watched (low/medium rawan, opened late)
    GAP = "gap"  # not ready
    NA = "na"  # does not apply yet (voting day items) or not for the viewer's role


@dataclass(frozen=True)
class Check:
    state: State
    note: str = ""

    @property
    def ready(self) -> bool:
        return self.state in (State.OK, State.WARN)

    @property
    def applies(self) -> bool:
        return self.state != State.NA


@dataclass(frozen=True)
class Item:
    key: str
    label: Any
    short: Any
    voting_day: bool = False


ITEMS: list[Item] = [
    Item("kpps", _("KPPS terbentuk (7 + 2 Linmas)"), _("KPPS")),
    Item("bimtek", _("KPPS dan Linmas sudah bimtek"), _("Bimtek")),
    Item("dpt", _("DPT final dan diumumkan"), _("DPT")),
    Item("undangan", _("C.Pemberitahuan tersampaikan"), _("C.Pemb.")),
    Item("logistik", _("Logistik lengkap di TPS"), _("Logistik")),
    Item("honor", _("Honor dibayar dan dikonfirmasi tanpa potongan"), _("Honor")),
    Item("rawan", _("Kerawanan TPS dipetakan, tidak rawan tinggi"), _("Rawan")),
    Item("kasus", _("Tidak ada kasus pengawasan terbuka"), _("Kasus")),
    Item("buka", _("TPS dibuka"), _("Buka"), voting_day=True),
    Item("masuk", _("Semua C.Hasil masuk"), _("C.Hasil"), voting_day=True),
    Item("verif", _("Semua C.Hasil terverifikasi"), _("Verif."), voting_day=True),
]
ITEM_KEYS = [i.key for i in ITEMS]
# The stage after which the roll is final, and the one that opens voting day.
STAGE_DPT_FINAL = "penetapan_dpt"
STAGE_VOTING = "pemungutan_suara"


@dataclass
class TpsReadiness:
    kode: str
    nomor: int
    desa_kode: str
    desa_nama: str
    kecamatan_kode: str
    checks: dict[str, Check]

    @property
    def nama(self) -> str:
        return f"TPS {self.nomor:03d}"

    @property
    def missing(self) -> list[str]:
        return [k for k, c in self.checks.items() if c.applies and not c.ready]

    @property
    def ready(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class Moment:
    """Where the schedule stands: is the roll final, has voting day begun."""

    dpt_final: bool
    voting_started: bool


def moment_now() -> Moment:
    """From the tahapan schedule and `core.clock.now()` (a rehearsal moves it)."""
    election = election_get_current()
    now = clock.now()
    stages = {
        kode: (mulai, selesai)
        for kode, mulai, selesai in Stage.objects.filter(
            election=election, kode__in=[STAGE_DPT_FINAL, STAGE_VOTING]
        ).values_list("kode", "mulai", "selesai")
    }
    final = stages.get(STAGE_DPT_FINAL)
    voting = stages.get(STAGE_VOTING)
    return Moment(
        dpt_final=final is None or now > final[1],
        voting_started=voting is not None and now >= voting[0],
    )


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def _checks(
    kode: str,
    *,
    dpt: int,
    team: TpsTeam | None,
    roll: TpsRoll | None,
    logistics: TpsLogistics | None,
    honor: TpsHonor | None,
    watch: TpsWatch | None,
    forms: TpsForms | None,
    contests: int,
    moment: Moment,
    sees: dict[str, bool],
) -> dict[str, Check]:
    out: dict[str, Check] = {}
    na_role = Check(State.NA, gettext("tidak untuk peran Anda"))
    # KPPS formed and trained
    if not sees["adhoc"]:
        out["kpps"] = out["bimtek"] = na_role
    else:
        t = team or TpsTeam()
        note = gettext("KPPS %(k)s/7, Linmas %(l)s/2") % {"k": t.kpps, "l": t.linmas}
        formed = t.kpps >= BODY_SIZE[Body.KPPS] and t.linmas >= BODY_SIZE[Body.LINMAS]
        out["kpps"] = Check(State.OK if formed else State.GAP, note)
        trained = t.members > 0 and t.trained >= t.members
        out["bimtek"] = Check(
            State.OK if trained else State.GAP,
            gettext("%(a)s/%(b)s sudah bimtek") % {"a": t.trained, "b": t.members},
        )
    # DPT final and posted; C.Pemberitahuan handed out
    if not sees["voters"]:
        out["dpt"] = out["undangan"] = na_role
    else:
        r = roll or TpsRoll()
        if r.dpt == 0:
            out["dpt"] = Check(State.GAP, gettext("DPT belum ada"))
        elif not moment.dpt_final:
            out["dpt"] = Check(State.GAP, gettext("DPT belum ditetapkan"))
        elif r.ditempel_pada is None:
            out["dpt"] = Check(
                State.GAP, gettext("%(n)s pemilih, belum diumumkan") % {"n": _n(r.dpt)}
            )
        else:
            out["dpt"] = Check(
                State.OK,
                gettext("%(n)s pemilih, diumumkan %(d)s")
                % {"n": _n(r.dpt), "d": date_format(r.ditempel_pada, "j M")},
            )
        got = r.undangan or 0
        out["undangan"] = Check(
            State.OK if r.dpt > 0 and got >= r.dpt else State.GAP,
            f"{_n(got)}/{_n(r.dpt)}",
        )
    # Logistics
    if logistics is None:
        out["logistik"] = na_role if not sees["logistics"] else Check(State.GAP, "")
    elif logistics.lengkap:
        out["logistik"] = Check(State.OK, gettext("lengkap"))
    else:
        out["logistik"] = Check(
            State.GAP,
            gettext("%(n)s jenis barang kurang") % {"n": len(logistics.missing)},
        )
    # Honoraria
    if not sees["honor"]:
        out["honor"] = na_role
    else:
        h = honor or TpsHonor()
        if h.people == 0:
            out["honor"] = Check(State.GAP, gettext("hak honor belum dihitung"))
        elif h.cut_people:
            out["honor"] = Check(
                State.GAP,
                gettext("dugaan potongan %(rp)s (%(n)s orang)")
                % {"rp": format_rupiah(h.cut_amount), "n": h.cut_people},
            )
        elif h.paid < h.people:
            out["honor"] = Check(
                State.GAP, gettext("%(a)s/%(b)s dibayar") % {"a": h.paid, "b": h.people}
            )
        elif h.confirmed < h.people:
            out["honor"] = Check(
                State.GAP,
                gettext("%(a)s/%(b)s dikonfirmasi") % {"a": h.confirmed, "b": h.people},
            )
        else:
            out["honor"] = Check(
                State.OK, gettext("%(n)s orang dibayar dan dikonfirmasi") % {"n": h.people}
            )
    # Supervision: vulnerability and open cases
    if not sees["supervision"]:
        out["rawan"] = out["kasus"] = na_role
    else:
        w = watch or TpsWatch()
        if not w.mapped or w.rawan is None:
            out["rawan"] = Check(State.GAP, gettext("belum dipetakan"))
        else:
            level = str(w.rawan.level)
            note = gettext("rawan %(l)s (%(n)s indikator)") % {
                "l": gettext(level),
                "n": w.rawan.indicators,
            }
            if level == "aman":
                out["rawan"] = Check(State.OK, gettext("aman"))
            elif level == "tinggi":
                out["rawan"] = Check(State.GAP, note)
            else:
                out["rawan"] = Check(State.WARN, note)
        out["kasus"] = Check(
            State.GAP if w.open_cases else State.OK,
            gettext("%(n)s kasus terbuka") % {"n": w.open_cases},
        )
    # Voting day
    if not moment.voting_started:
        wait = Check(State.NA, gettext("belum hari pemungutan"))
        out["buka"] = out["masuk"] = out["verif"] = wait
    elif not sees["counting"]:
        out["buka"] = out["masuk"] = out["verif"] = na_role
    else:
        f = forms or TpsForms()
        w = watch or TpsWatch()
        if w.opened_on_time is True:
            out["buka"] = Check(State.OK, gettext("dibuka tepat waktu"))
        elif w.opened_on_time is False:
            out["buka"] = Check(State.WARN, gettext("dibuka terlambat"))
        elif f.entered:
            out["buka"] = Check(State.OK, gettext("C.Hasil sudah masuk"))
        else:
            out["buka"] = Check(State.GAP, gettext("belum ada laporan"))
        need = max(contests, 1)
        out["masuk"] = Check(State.OK if f.entered >= need else State.GAP, f"{f.entered}/{need}")
        out["verif"] = Check(State.OK if f.verified >= need else State.GAP, f"{f.verified}/{need}")
    return out


def tps_readiness(*, actor: Any, area: str) -> list[TpsReadiness]:
    """Every TPS in `area` (a kabupaten, kecamatan, desa or TPS code) the actor may see, with a
    check per item. Reads every domain once for the whole area (about a dozen queries)."""
    tps_rows = list(
        Tps.objects.filter(scope_q(actor, "kode", Perm.KESIAPAN_VIEW), kode__startswith=area)
        .order_by("kode")
        .values_list("kode", "nomor", "desa_id", "desa__nama", "kecamatan_kode", "jumlah_dpt")
    )
    if not tps_rows:
        return []
    sees = {
        "adhoc": has_perm(actor, Perm.ADHOC_VIEW),
        "voters": has_perm(actor, Perm.VOTERS_VIEW),
        "logistics": has_perm(actor, Perm.LOGISTICS_VIEW),
        "honor": has_perm(actor, Perm.HONOR_VIEW),
        "supervision": has_perm(actor, Perm.SUPERVISION_VIEW),
        "counting": has_perm(actor, Perm.COUNTING_VIEW),
    }
    moment = moment_now()
    team = team_by_tps(actor=actor, area=area)
    roll = roll_by_tps(actor=actor, area=area)
    kec = area[:6] if len(area) >= 6 else None
    desa = area[:10] if len(area) >= 10 else None
    logistics = (
        {t.kode: t for t in tps_logistics(actor=actor, kecamatan=kec, desa=desa)}
        if sees["logistics"]
        else {}
    )
    honor = honor_by_tps(actor=actor, area=area)
    watch = watch_by_tps(actor=actor, area=area)
    voting = moment.voting_started and sees["counting"]
    forms = forms_by_tps(actor=actor, area=area) if voting else {}
    contests = len(contests_for_area(area_code=area[:4])) if voting else 0
    return [
        TpsReadiness(
            kode=kode,
            nomor=nomor,
            desa_kode=desa_id,
            desa_nama=desa_nama,
            kecamatan_kode=kec_kode,
            checks=_checks(
                kode,
                dpt=dpt,
                team=team.get(kode),
                roll=roll.get(kode),
                logistics=logistics.get(kode),
                honor=honor.get(kode),
                watch=watch.get(kode),
                forms=forms.get(kode),
                contests=contests,
                moment=moment,
                sees=sees,
            ),
        )
        for kode, nomor, desa_id, desa_nama, kec_kode, dpt in tps_rows
    ]


@dataclass
class AreaReadiness:
    """Counts over the TPS of one area: per item, TPS ready out of TPS where it applies."""

    kode: str
    nama: str
    tps: int = 0
    tps_ready: int = 0
    ready: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ITEM_KEYS, 0))
    applies: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ITEM_KEYS, 0))

    def add(self, row: TpsReadiness) -> None:
        self.tps += 1
        self.tps_ready += int(row.ready)
        for key, check in row.checks.items():
            self.applies[key] += int(check.applies)
            self.ready[key] += int(check.applies and check.ready)

    @property
    def percent(self) -> int:
        return 0 if self.tps == 0 else (100 * self.tps_ready) // self.tps

    def cells(self) -> list[tuple[str, int, int, State]]:
        """(key, ready, applies, state) per item, for templates and the API."""
        out = []
        for key in ITEM_KEYS:
            r, a = self.ready[key], self.applies[key]
            state = State.NA if a == 0 else State.OK if r == a else State.GAP
            out.append((key, r, a, state))
        return out


def area_name(code: str) -> str:
    if len(code) == 13:
        return f"TPS {code[-3:]}"
    model: Any = {2: Provinsi, 4: Kabupaten, 6: Kecamatan, 10: Desa}.get(len(code))
    if model is None:
        return code
    return str(model.objects.filter(kode=code).values_list("nama", flat=True).first() or code)


def child_names(code: str) -> dict[str, str]:
    """{child code: name} of a kabupaten (kecamatan) or kecamatan (desa)."""
    if len(code) == 4:
        return dict(Kecamatan.objects.filter(kabupaten_id=code).values_list("kode", "nama"))
    if len(code) == 6:
        return dict(Desa.objects.filter(kecamatan_id=code).values_list("kode", "nama"))
    return {}


@dataclass
class AreaSummary:
    area: AreaReadiness
    children: list[AreaReadiness]
    rows: list[TpsReadiness]


def area_summary(*, actor: Any, area: str) -> AreaSummary:
    """The area's totals, one row per child area (kecamatan, desa) or per TPS (in a desa)."""
    require_see(actor, area, Perm.KESIAPAN_VIEW)
    rows = tps_readiness(actor=actor, area=area)
    total = AreaReadiness(area, area_name(area))
    child_len = {4: 6, 6: 10}.get(len(area))
    names = child_names(area) if child_len else {}
    children: dict[str, AreaReadiness] = {}
    for row in rows:
        total.add(row)
        if child_len:
            k = row.kode[:child_len]
            if k not in children:
                children[k] = AreaReadiness(k, names.get(k, k))
            children[k].add(row)
    return AreaSummary(total, [children[k] for k in sorted(children)], rows)


@dataclass(frozen=True)
class KabupatenRow:
    kode: str
    nama: str
    tps: int
    dpt: int


def province_kabupaten(*, actor: Any, area: str) -> list[KabupatenRow]:
    """A province (KPU Provinsi): one row per kabupaten/kota with its TPS and registered voters,
    from the TPS table (two queries). Readiness itself is read per kabupaten, where its page
    reads every domain over 1,600-odd TPS; over a whole province that would be 13,000 TPS and
    millions of voters per request."""
    require_see(actor, area, Perm.KESIAPAN_VIEW)
    if len(area) != 2:
        raise NotFoundOrOutOfScope(gettext("Wilayah tidak ditemukan."))
    tps = Tps.objects.filter(scope_q(actor, "kode", Perm.KESIAPAN_VIEW), kode__startswith=area)
    per_kab = {
        r["kab"]: r
        for r in tps.annotate(kab=Substr("kode", 1, 4))
        .values("kab")
        .annotate(n=Count("kode"), dpt=Sum("jumlah_dpt"))
        .order_by("kab")
    }
    return [
        KabupatenRow(
            kode=k,
            nama=str(nama),
            tps=int(per_kab.get(k, {}).get("n") or 0),
            dpt=int(per_kab.get(k, {}).get("dpt") or 0),
        )
        for k, nama in Kabupaten.objects.filter(provinsi_id=area)
        .order_by("kode")
        .values_list("kode", "nama")
    ]


def tps_readiness_get(*, actor: Any, kode: str) -> TpsReadiness:
    require_see(actor, kode, Perm.KESIAPAN_VIEW)
    rows = tps_readiness(actor=actor, area=kode)
    if len(kode) != 13 or not rows:
        raise NotFoundOrOutOfScope("TPS tidak ditemukan.")
    return rows[0]


def grant_readiness(*, actor: Any) -> list[RecipientTranches]:
    """Kabupaten-level row: each grant recipient's tranches received (empty without the right)."""
    if not has_perm(actor, Perm.GRANT_VIEW):
        return []
    return tranches_by_recipient(actor=actor, today=clock.local_today())
