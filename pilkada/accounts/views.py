import io

import qrcode
import qrcode.image.svg
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from pilkada.accounts.models import User
from pilkada.accounts.services import totp_device_get_or_start, totp_verify


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue().decode()


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enter the 6-digit code of the authenticator app; the first time, enrol it by QR code."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101  (login_required)
    device = totp_device_get_or_start(user=user)
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    error = ""
    if request.method == "POST":
        if totp_verify(user=user, device=device, token=request.POST.get("token", "").strip()):
            otp_login(request, device)
            return redirect(next_url)
        error = _("Kode salah atau kedaluwarsa. Coba kode terbaru dari aplikasi.")
    context = {"device": device, "next": next_url, "error": error}
    if not device.confirmed:
        # The QR code is built here from the device's own URL; mark_safe is for our SVG only.
        context["qr_svg"] = mark_safe(_qr_svg(device.config_url))
        context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "accounts/two_factor.html", context, status=400 if error else 200)
