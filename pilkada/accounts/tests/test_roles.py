import pytest
from django.core.exceptions import ValidationError

from pilkada.accounts.models import User
from pilkada.accounts.roles import KPU_SIDE, PERMISSIONS, ROLE_LEVEL, Perm, Role, role_has
from pilkada.accounts.scoping import can_see, require_change, scope_q
from pilkada.accounts.services import user_create
from pilkada.audit.models import AuditEntry
from pilkada.core.codes import Level
from pilkada.core.exceptions import PermissionDenied


@pytest.mark.django_db
def test_role_must_match_the_level_of_its_area():
    with pytest.raises(ValidationError, match="10 digit"):
        user_create(actor=None, username="x", password="p", role=Role.PPS, area_code="180701")
    assert not User.objects.filter(username="x").exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_user_creation_is_audited_without_the_password():
    user_create(
        actor=None,
        username="pps1",
        password="rahasia-sekali",
        role=Role.PPS,
        area_code="1807012001",
    )
    entry = AuditEntry.objects.get(action="accounts.user.created")
    assert entry.object_id == str(User.objects.get(username="pps1").pk)
    assert "rahasia-sekali" not in str(entry.changes)


# --- KPU Provinsi --------------------------------------------------------------------------

# What KPU Provinsi does for a Pilkada: reads everything in its province and holds the province
# plenary lock; it types no form, keeps no roll, sets up no TPS and manages no regency money.
PROVINSI_MAY = {
    Perm.WILAYAH_VIEW,
    Perm.TPS_VIEW,
    Perm.KESIAPAN_VIEW,
    Perm.ADHOC_VIEW,
    Perm.AUDIT_VIEW,
    Perm.SUPERVISION_VIEW,
    Perm.COUNTING_VIEW,
    Perm.COUNTING_OBJECTION,
    Perm.RECAP_LOCK,
    Perm.LOGISTICS_VIEW,
    Perm.VOTERS_VIEW,
}


def test_kpu_provinsi_is_a_province_role_on_the_kpu_side():
    assert Role.KPU_PROVINSI.value == "kpu_provinsi"
    assert str(Role.KPU_PROVINSI.label) == "KPU Provinsi"
    assert ROLE_LEVEL[Role.KPU_PROVINSI] is Level.PROVINSI
    assert Role.KPU_PROVINSI in KPU_SIDE


def test_kpu_provinsi_permissions_exactly():
    granted = {p for p in Perm if role_has(Role.KPU_PROVINSI, p)}
    assert granted == PROVINSI_MAY
    # Named refusals, so a later change to a shared set (KPU_SIDE) cannot let these in quietly.
    for perm in (
        Perm.COUNTING_ENTER,
        Perm.COUNTING_IMPORT,
        Perm.COUNTING_CORRECT,
        Perm.VOTERS_IMPORT,
        Perm.VOTERS_REVIEW,
        Perm.VOTERS_EXPORT,
        Perm.VOTERS_DISTRIBUTE,
        Perm.TPS_CREATE,
        Perm.TPS_EDIT,
        Perm.GRANT_MANAGE,
        Perm.GRANT_REPORT,
        Perm.HONOR_MANAGE,
        Perm.HONOR_PAY,
        Perm.LOGISTICS_MANAGE,
        Perm.LOGISTICS_DISPATCH,
        Perm.SUPERVISION_EXPORT,
        Perm.TAHAPAN_MANAGE,
    ):
        assert Role.KPU_PROVINSI not in PERMISSIONS[perm], perm


def test_kpu_side_change_kept_the_counting_bodies():
    """KPU Provinsi joined KPU_SIDE; the bodies that type forms are the same four as before."""
    typing = {r for r in Role if role_has(r, Perm.COUNTING_ENTER)}
    assert typing == {Role.KPU_ADMIN, Role.PPK, Role.PPS, Role.KPPS}


@pytest.mark.django_db
def test_kpu_provinsi_is_bound_to_a_two_digit_code():
    with pytest.raises(ValidationError, match="2 digit"):
        user_create(
            actor=None, username="prov", password="p", role=Role.KPU_PROVINSI, area_code="1807"
        )
    user = user_create(
        actor=None, username="prov", password="p", role=Role.KPU_PROVINSI, area_code="18"
    )
    assert user.area_code == "18"


@pytest.mark.django_db
def test_province_scope_by_prefix_and_no_role_acts_above_its_level():
    prov = user_create(
        actor=None, username="prov", password="p", role=Role.KPU_PROVINSI, area_code="18"
    )
    kab = user_create(
        actor=None, username="kpu", password="p", role=Role.KPU_ADMIN, area_code="1807"
    )
    ppk = user_create(actor=None, username="ppk", password="p", role=Role.PPK, area_code="180701")
    # KPU Provinsi sees all of its province, down to a TPS, and nothing of another province.
    assert can_see(prov, "18", Perm.COUNTING_VIEW)
    assert can_see(prov, "1872012001001", Perm.COUNTING_VIEW)
    assert not can_see(prov, "1601", Perm.COUNTING_VIEW)
    assert str(scope_q(prov, "kode", Perm.TPS_VIEW)) == "(AND: ('kode__startswith', '18'))"
    # The province plenary lock: KPU Provinsi only; a kabupaten or kecamatan role never acts at
    # a level above its own, however its permissions read.
    require_change(prov, "18", Perm.RECAP_LOCK)
    for actor, above in ((kab, "18"), (ppk, "1807"), (ppk, "18")):
        with pytest.raises(PermissionDenied):
            require_change(actor, above, Perm.RECAP_LOCK)
    with pytest.raises(PermissionDenied):
        require_change(prov, "16", Perm.RECAP_LOCK)
    # Holding the province does not give it a write it has no permission for.
    with pytest.raises(PermissionDenied):
        require_change(prov, "1807012001001", Perm.COUNTING_ENTER)
    with pytest.raises(PermissionDenied):
        require_change(prov, "1807", Perm.VOTERS_IMPORT)
