"""Bahasa Indonesia first, English complete; Indonesian dates and numbers on Indonesian pages.

Each main page is rendered in Indonesian and in English (the set_language cookie). In English no
Indonesian template text may be left: every translated msgid of two words or more that the
Indonesian page shows must be gone from the English one (place names are data, not msgids, and
stay Indonesian in both). On the Indonesian pages numbers are grouped with dots ("1.621 TPS"),
money is written Rp69.000.000.000 and dates 27 November 2024; the bare forms (1621, 2024-11-27)
are not shown as text.
"""

import re
from datetime import date
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from conftest import PASSWORD
from pilkada.counting.services import entry_submit
from pilkada.counting.tests.conftest import make_contests
from pilkada.counting.tests.helpers import kwargs
from pilkada.results.tests.factories import TPS_A, TPS_B, load
from pilkada.supervision.services import report_receive
from pilkada.supervision.tests.conftest import new_report
from pilkada.tps.models import Tps
from tests.e2e.test_money_trail_journey import honoraria_to_confirm

pytestmark = pytest.mark.django_db

EXTRA_TPS = 1621 - 6  # the small world has 6 TPS; Lampung Timur has 1,621
BIG = {3: 350, 4: 350, 5: 350}  # votes for pair 1 at three more TPS of desa a1 (verified)

PAGES = [
    (None, "/"),
    (None, "/akun/masuk/"),
    (None, "/pemilih/cek-dpt/"),
    (None, "/hasil/"),
    (None, "/hasil/pilgub/"),
    (None, "/hasil/pilgub/wilayah/180701/"),
    (None, f"/hasil/pilgub/tps/{TPS_A}/"),
    (None, "/pengawasan/lapor/"),
    (None, "/tahapan/"),
    ("kpu", "/"),
    ("kpu", "/kesiapan/"),
    ("kpu", "/pemilih/impor/"),
    ("kpu", "/anggaran/"),
    ("pps_a1", f"/penghitungan/{TPS_B}/pilgub/entri/"),
    ("pps_a1", f"/penghitungan/{TPS_A}/pilgub/"),
    ("bawaslu", "/pengawasan/kasus/"),
    ("kades_a1", "/anggaran/wilayah/1807012001/"),
]


class _Text(HTMLParser):
    """Visible text and the attributes people read (aria-label, title, alt, placeholder)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for k, v in attrs:
            if k in ("aria-label", "title", "alt", "placeholder") and v:
                self.parts.append(v)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def text_of(html: str) -> str:
    p = _Text()
    p.feed(html)
    return re.sub(r"\s+", " ", " ".join(p.parts))


def _world_with_data(world, users, settings) -> None:
    settings.RESULTS_VERSION_SECONDS = 0
    desa = world.desa_a1
    extra = [(d, n) for d in (world.desa_a1, world.desa_a2) for n in range(3, 999)][:EXTRA_TPS]
    Tps.objects.bulk_create(
        [
            Tps(kode=f"{d.kode}{n:03d}", desa=d, kecamatan_kode=d.kecamatan_id, nomor=n)
            for d, n in extra
        ]
    )
    make_contests()
    load(users)
    for n, votes in BIG.items():
        for who in ("pps_a1", "kpu"):
            entry_submit(
                actor=users[who],
                tps_kode=f"{desa.kode}{n:03d}",
                contest_kode="pilgub",
                **kwargs({1: votes, 2: 100}, dpt=500),
            )
    honoraria_to_confirm(users)
    report_receive(report=new_report())


def _client(username: str | None, language: str) -> Client:
    c = Client()
    if username:
        assert c.login(username=username, password=PASSWORD)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return c


def _render(username: str | None, path: str, language: str) -> str:
    r = _client(username, language).get(path)
    assert r.status_code == 200, (path, language, r.status_code)
    return r.content.decode()


def _indonesian_template_texts() -> list[str]:
    po = polib.pofile(str(settings.LOCALE_PATHS[0] / "en" / "LC_MESSAGES" / "django.po"))
    texts = []
    for e in po:
        if e.obsolete or not e.msgstr or e.msgstr == e.msgid or "%" in e.msgid:
            continue
        words = e.msgid.split()
        if len(words) >= 2 and "{" not in e.msgid:
            texts.append(e.msgid)
    return texts


def test_main_pages_in_english_leave_no_indonesian_template_text(world, users, settings):
    if connection.vendor != "sqlite":
        pytest.skip("templates and catalogue do not depend on the database: checked on SQLite")
    _world_with_data(world, users, settings)
    texts = _indonesian_template_texts()
    assert len(texts) > 200  # the catalogue is really read
    leftovers = {}
    for who, path in PAGES:
        indonesian = text_of(_render(who, path, "id"))
        english_html = _render(who, path, "en")
        english = text_of(english_html)
        assert 'lang="en"' in english_html and english != indonesian, path
        shown = [t for t in texts if t in indonesian]
        assert shown, f"{path}: no template text found in the Indonesian page"
        left = [t for t in shown if t in english]
        # Words of the page frame that must be English too.
        left += [w for w in ("Masuk", "Keluar", "Beranda", "Lewati ke isi") if w in english]
        if left:
            leftovers[f"{who or 'publik'} {path}"] = left
    assert leftovers == {}, __import__("pprint").pformat(leftovers)


def _bare(number: int, text: str) -> bool:
    """Whether `number` appears ungrouped as a word of the text (1621, not 1.621 or 18071621…)."""
    return re.search(rf"(?<![\d.,]){number}(?![\d.,])", text) is not None


def test_indonesian_pages_write_numbers_money_and_dates_the_indonesian_way(world, users, settings):
    _world_with_data(world, users, settings)
    home = text_of(_render(None, "/", "id"))
    assert "1.621 TPS" in home and not _bare(1621, home)
    assert "27 November 2024" in home and "2024-11-27" not in home

    # Pair 1 in the kabupaten: TPS A (120), TPS C after its correction (69) and the big three.
    pair1 = 120 + 69 + sum(BIG.values())
    assert pair1 >= 1000
    in_sukadana = 120 + sum(BIG.values())  # TPS C lies in the other kecamatan
    for path, total, area in (
        ("/hasil/", pair1, "1807"),
        ("/hasil/pilgub/", pair1, "1807"),
        ("/hasil/pilgub/wilayah/180701/", in_sukadana, "180701"),
    ):
        page = text_of(_render(None, path, "id"))
        grouped = f"{total:,}".replace(",", ".")
        assert grouped in page and not _bare(total, page), path
        n_tps = Tps.objects.filter(kode__startswith=area).count()
        assert n_tps >= 1000
        assert f"dari {n_tps:,} TPS".replace(",", ".") in page and not _bare(n_tps, page), path
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", page), path  # no ISO dates shown
    tps_page = text_of(_render(None, f"/hasil/pilgub/tps/{TPS_A}/", "id"))
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", tps_page)
    assert re.search(
        r"\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|"
        r"Oktober|November|Desember) 20\d\d",
        tps_page,
    )

    # In English the same number is grouped the English way.
    english = text_of(_render(None, "/hasil/pilgub/", "en"))
    assert f"{pair1:,}" in english

    kesiapan = text_of(_render("kpu", "/kesiapan/", "id"))
    assert not _bare(1621, kesiapan) and not _bare(EXTRA_TPS + 4, kesiapan)

    honor = text_of(_render("kades_a1", "/anggaran/wilayah/1807012001/", "id"))
    assert "Rp900.000" in honor and not _bare(900000, honor)
    assert "Rp2.600.000" in honor  # transferred to the PPS: 900.000 + 2 × 850.000
    assert date(2024, 11, 27).isoformat() not in honor
