import pytest
from django.core.exceptions import ValidationError

from pilkada.accounts.models import User
from pilkada.accounts.roles import Role
from pilkada.accounts.services import user_create
from pilkada.audit.models import AuditEntry


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
