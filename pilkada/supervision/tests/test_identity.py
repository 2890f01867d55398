"""The reporter's identity is seen by the assigned case officers only: pages, API, exports."""

import contextlib
import io
import re
import zipfile
import zlib

import pytest
from django.test import Client

from conftest import PASSWORD, make_user
from pilkada.accounts.models import User
from pilkada.accounts.roles import ROLE_LEVEL, Perm, Role
from pilkada.accounts.scoping import can_see
from pilkada.audit.models import AuditEntry
from pilkada.core.codes import Level
from pilkada.supervision.exports import export_cases, export_rows
from pilkada.supervision.models import Reporter
from pilkada.supervision.tests.conftest import REPORTER_ADDRESS, REPORTER_CONTACT, REPORTER_NAME

# Fragments are long enough (and shaped unlike tokens) not to match a CSRF token by chance.
SECRETS = [REPORTER_NAME, "Kustini", REPORTER_CONTACT, "7777-1234", REPORTER_ADDRESS, "Dusun III"]
AREA = {
    Level.PROVINSI: "18",
    Level.KABUPATEN: "1807",
    Level.KECAMATAN: "180701",
    Level.DESA: "1807012001",
    Level.TPS: "1807012001001",
}


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def _pdf_text(content: bytes) -> str:
    """Raw PDF plus every Flate stream decompressed, so a compressed page is searched too."""
    parts = [content.decode("latin-1")]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(m.group(1)).decode("latin-1"))
    return "\n".join(parts)


def _xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def _client(user: User) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def everyone(sup) -> list[User]:
    """One user per role in the case's area (plus an unassigned Bawaslu and a superuser)."""
    people = [make_user(f"r_{r.value}", r, AREA[ROLE_LEVEL[r]]) for r in Role]
    admin = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    return [*people, sup["bawaslu"], sup["panwascam_b"], admin]


@pytest.mark.django_db
def test_identity_hidden_from_every_role_but_the_officers(sup, report, everyone):
    officer = sup["panwascam_a"]
    urls = [
        f"/pengawasan/kasus/{report.pk}/",
        "/pengawasan/kasus/",
        "/pengawasan/",
        f"/pengawasan/tps/{report.area_code}/",
        f"/tps/{report.area_code}/",
        f"/api/pengawasan/kasus/{report.pk}",
        "/api/pengawasan/kasus",
        f"/api/pengawasan/kasus/{report.pk}/pelapor",
    ]
    for user in everyone:
        client = _client(user)
        for url in urls:
            r = client.get(url)
            assert r.status_code in (200, 403, 404), (user.username, url, r.status_code)
            assert not _leaks(r.content.decode()), (user.username, url)
        assert client.get(f"/api/pengawasan/kasus/{report.pk}/pelapor").status_code in (403, 404)
        for fmt in ("xlsx", "pdf"):
            r = client.get(f"/pengawasan/ekspor.{fmt}")
            if r.status_code == 200:
                text = _xlsx_text(r.content) if fmt == "xlsx" else _pdf_text(r.content)
                if fmt == "xlsx" and can_see(user, report.area_code, Perm.SUPERVISION_VIEW):
                    assert report.nomor in text  # the case is in the export, its reporter not
                assert not _leaks(text), (user.username, fmt)

    # The assigned officer sees the identity on the case page and through the API...
    client = _client(officer)
    page = client.get(f"/pengawasan/kasus/{report.pk}/").content.decode()
    assert REPORTER_NAME in page and REPORTER_CONTACT in page
    api = client.get(f"/api/pengawasan/kasus/{report.pk}/pelapor")
    assert api.status_code == 200
    assert api.json() == {
        "nama": REPORTER_NAME,
        "alamat": REPORTER_ADDRESS,
        "kontak": REPORTER_CONTACT,
    }
    # ...but not in the case JSON, the lists or the exports.
    assert not _leaks(client.get(f"/api/pengawasan/kasus/{report.pk}").content.decode())
    assert not _leaks(client.get("/pengawasan/kasus/").content.decode())
    xlsx = client.get("/pengawasan/ekspor.xlsx")
    assert xlsx.status_code == 200 and not _leaks(_xlsx_text(xlsx.content))
    pdf = client.get("/pengawasan/ekspor.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert not _leaks(_pdf_text(pdf.content))
    _headers, rows = export_rows(actor=officer)
    assert [r[0] for r in rows] == [report.nomor]
    assert not _leaks(repr(rows))
    content, _ctype, _name = export_cases(actor=officer, fmt="xlsx")
    assert not _leaks(_xlsx_text(content))

    # Each opening is audited; no audit entry carries the identity; the row is ciphertext.
    assert AuditEntry.objects.filter(action="supervision.reporter.viewed").count() == 2
    assert not _leaks(repr(list(AuditEntry.objects.values_list("changes", flat=True))))
    stored = Reporter.objects.get(case=report)
    assert not _leaks(stored.nama_enc + stored.alamat_enc + stored.kontak_enc)


@pytest.mark.django_db
def test_unassigning_removes_access(sup, report):
    from pilkada.supervision.services import case_assign

    officer = sup["panwascam_a"]
    client = _client(officer)
    assert client.get(f"/api/pengawasan/kasus/{report.pk}/pelapor").status_code == 200
    case_assign(actor=sup["bawaslu"], case_id=report.pk, officers=[sup["bawaslu"]])
    assert client.get(f"/api/pengawasan/kasus/{report.pk}/pelapor").status_code == 403
    assert REPORTER_NAME not in client.get(f"/pengawasan/kasus/{report.pk}/").content.decode()
    boss = _client(sup["bawaslu"])
    assert boss.get(f"/api/pengawasan/kasus/{report.pk}/pelapor").status_code == 200
