from django.http import HttpRequest, JsonResponse

from pilkada.audit.selectors import audit_checkpoints_public


def checkpoints(request: HttpRequest) -> JsonResponse:
    """Signed checkpoints of the audit chain and the public key to check them (public)."""
    return JsonResponse(audit_checkpoints_public())
