"""A second factor for the admin: codes from an authenticator app (TOTP), recovery codes.

Whoever has enrolled a device is asked for a code at every admin login. With REQUIRE_2FA on,
superusers and members of REQUIRE_2FA_GROUPS are sent to enrolment before they can use the
admin; other staff may enrol. Built on django-otp, which keeps the devices and marks a session
as verified.
"""

from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_DEVICE_NAME = "recovery"


def must_use_second_factor(user):
    if not (settings.REQUIRE_2FA and user.is_staff):
        return False
    return user.is_superuser or user.groups.filter(name__in=settings.REQUIRE_2FA_GROUPS).exists()


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def device_accepting(user, code):
    """The user's device that accepts `code` (then used up if single-use), or None.

    Digits are a code from the authenticator app, anything else a recovery code; trying only
    the matching kind keeps failed attempts from throttling the other.
    """
    model = TOTPDevice if code.isdigit() else StaticDevice
    for device in model.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


def issue_recovery_codes(user):
    """Replace the user's recovery codes with new ones and return them."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        attrs = {"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        super().__init__(max_length=16, widget=forms.TextInput(attrs=attrs), **kwargs)

    def to_python(self, value):
        return "".join(super().to_python(value).split()).lower()


class StaffLoginForm(AdminAuthenticationForm):
    """The admin login form, asking for a code from whoever has enrolled a device."""

    otp_token = CodeField(
        label=_("Authentication code"),
        required=False,
        help_text=_("From your authenticator app, or one of your recovery codes."),
    )

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None and has_second_factor(user):
            code = cleaned_data.get("otp_token")
            device = device_accepting(user, code) if code else None
            if device is None:
                raise forms.ValidationError(
                    _("Enter a valid authentication code from your app or a recovery code."),
                    code="invalid_otp",
                )
            user.otp_device = device  # django_otp marks the session verified at login
        return cleaned_data


class CodeForm(forms.Form):
    code = CodeField(label=_("Authentication code"))


class SecondFactorView(FormView):
    """Enrol an authenticator app (QR code and key), or verify this session with a code."""

    template_name = "admin/two_factor.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        self.device = TOTPDevice.objects.filter(user=request.user).order_by("-confirmed").first()
        if self.device is None:
            self.device = TOTPDevice.objects.create(
                user=request.user, name=_("Authenticator app"), confirmed=False
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = admin.site.each_context(self.request)
        context.update(super().get_context_data(**kwargs))
        context["enrolling"] = not self.device.confirmed
        context["title"] = (
            _("Set up two-factor authentication") if context["enrolling"] else _("Enter your code")
        )
        if context["enrolling"]:
            context["qr_code"] = segno.make(self.device.config_url).svg_data_uri(scale=5)
            context["secret"] = b32encode(self.device.bin_key).decode()
        return context

    def form_valid(self, form):
        code = form.cleaned_data["code"]
        device = self.device if self.device.verify_token(code) else None
        if device is None and self.device.confirmed:
            device = device_accepting(self.request.user, code)  # a recovery code
        if device is None:
            form.add_error("code", _("This code is not valid. Check your device's clock."))
            return self.form_invalid(form)
        django_otp.login(self.request, device)
        if device.confirmed:
            return redirect(self.next_url())
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        context = admin.site.each_context(self.request)
        context.update(
            title=_("Your recovery codes"),
            recovery_codes=issue_recovery_codes(self.request.user),
            next_url=self.next_url(),
        )
        return TemplateResponse(self.request, "admin/two_factor_recovery.html", context)

    def next_url(self):
        url = self.request.GET.get("next", "")
        allowed = url_has_allowed_host_and_scheme(
            url, {self.request.get_host()}, self.request.is_secure()
        )
        return url if allowed else reverse("admin:index")


class SecondFactorRequiredMiddleware:
    """Keep staff who must use a second factor out of the admin until this session used one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.must_verify(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('two_factor')}?{query}")
        return self.get_response(request)

    def must_verify(self, request):
        exempt = {reverse("two_factor"), reverse("admin:logout"), reverse("admin:login")}
        if not request.path.startswith(reverse("admin:index")) or request.path in exempt:
            return False
        user = request.user
        return user.is_authenticated and not user.is_verified() and must_use_second_factor(user)
