"""Admin login: lockout after repeated failures, and the second factor for staff."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from beritapolisi.twofactor import issue_recovery_codes

pytestmark = pytest.mark.django_db
PASSWORD = "secret-password"


def log_in(client, username, password=PASSWORD, code="", **extra):
    data = {"username": username, "password": password, "otp_token": code}
    data["next"] = reverse("admin:index")
    return client.post(reverse("admin:login"), data, **extra)


def fail_five_times(client, username, **extra):
    return [log_in(client, username, "wrong", **extra).status_code for _ in range(5)]


class TestLockout:
    def test_fifth_failure_locks_the_username_from_that_address(self, staff_user, caplog):
        """Four failures re-show the form; the fifth answers 429, logged; then even the right
        password is refused."""
        staff_user("Editor", "editor")
        client = Client(REMOTE_ADDR="198.51.100.1")
        assert fail_five_times(client, "editor") == [200, 200, 200, 200, 429]
        locked = log_in(client, "editor")
        assert locked.status_code == 429
        assert "Terlalu banyak percobaan masuk yang gagal" in locked.text
        assert "_auth_user_id" not in client.session
        assert "AXES: Locking out" in caplog.text

    def test_other_address_is_not_locked_out(self, staff_user):
        """The lock is for one username from one address: the owner elsewhere gets in."""
        staff_user("Editor", "editor")
        fail_five_times(Client(REMOTE_ADDR="198.51.100.1"), "editor")
        response = log_in(Client(REMOTE_ADDR="198.51.100.2"), "editor")
        assert response.status_code == 302
        assert response.url == reverse("admin:index")

    def test_behind_the_proxy_the_forwarded_address_is_locked(self, staff_user):
        """Behind a trusted proxy, an attacker's failures do not lock out other readers."""
        staff_user("Editor", "editor")
        attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
        assert fail_five_times(attacker, "editor")[-1] == 429
        colleague = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
        assert log_in(colleague, "editor").status_code == 302
        assert log_in(attacker, "editor").status_code == 429

    def test_spoofed_forwarded_address_does_not_dodge_the_lock(self, staff_user):
        """A client rotating its own X-Forwarded-For is still counted by its real address."""
        staff_user("Editor", "editor")
        statuses = [
            log_in(
                Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"),
                "editor",
                "wrong",
            ).status_code
            for n in range(5)
        ]
        assert statuses[-1] == 429

    def test_administrator_unlocks(self, staff_user, admin_client):
        """After `axes_reset_username` the locked-out user logs in again; attempts are listed
        in the admin for administrators."""
        staff_user("Editor", "editor")
        client = Client(REMOTE_ADDR="198.51.100.1")
        fail_five_times(client, "editor")
        attempts = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
        assert attempts.status_code == 200
        assert "198.51.100.1" in attempts.text
        call_command("axes_reset_username", "editor")
        assert log_in(client, "editor").status_code == 302


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def current_code(device):
    return f"{totp(device.bin_key):06d}"


class TestSecondFactor:
    @pytest.fixture(autouse=True)
    def required(self, settings):
        settings.REQUIRE_2FA = True

    def test_editor_without_device_is_sent_to_enrolment(self, staff_user):
        """An editor who signed in with a password only cannot reach admin pages."""
        client = Client()
        client.force_login(staff_user("Editor", "editor"))
        for url in [reverse("admin:index"), reverse("admin:news_article_changelist")]:
            response = client.get(url)
            assert response.status_code == 302
            assert response.url == f"{reverse('two_factor')}?next={url.replace('/', '%2F')}"

    def test_superuser_must_enrol_too(self, admin_client):
        """Administrators are held to the second factor as well."""
        assert admin_client.get(reverse("admin:index")).url.startswith(reverse("two_factor"))

    def test_enrolment_shows_qr_code_and_key_then_recovery_codes(self, staff_user):
        """Enrolment shows a QR code and the key; a right code confirms the device, verifies
        the session and shows recovery codes once."""
        client = Client()
        user = staff_user("Editor", "editor")
        client.force_login(user)
        page = client.get(reverse("two_factor"))
        assert page.status_code == 200
        assert 'src="data:image/svg+xml' in page.text
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        assert "Masukkan kunci ini" in page.text
        response = client.post(reverse("two_factor"), {"code": current_code(device)})
        assert response.status_code == 200
        codes = StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
        assert len(codes) == 10
        assert all(code in response.text for code in codes)
        device.refresh_from_db()
        assert device.confirmed
        assert client.get(reverse("admin:index")).status_code == 200

    def test_enrolment_refuses_a_wrong_code(self, staff_user):
        """A wrong code re-shows the form with the message; the device stays unconfirmed."""
        client = Client()
        user = staff_user("Editor", "editor")
        client.force_login(user)
        client.get(reverse("two_factor"))
        wrong = client.post(reverse("two_factor"), {"code": "000000"})
        assert wrong.status_code == 200
        assert "Kode ini tidak valid" in wrong.text
        assert not TOTPDevice.objects.get(user=user).confirmed
        assert client.get(reverse("admin:index")).status_code == 302

    def test_login_with_a_totp_code(self, staff_user):
        """An enrolled editor logs in with password and code and reaches the admin."""
        device = enrolled(staff_user("Editor", "editor"))
        client = Client()
        response = log_in(client, "editor", code=current_code(device))
        assert response.status_code == 302
        assert client.get(reverse("admin:news_article_changelist")).status_code == 200

    def test_login_without_or_with_a_wrong_code_is_refused(self, staff_user):
        """An enrolled user's password alone does not open the admin."""
        enrolled(staff_user("Editor", "editor"))
        client = Client()
        for code in ["", "123456"]:
            response = log_in(client, "editor", code=code)
            assert response.status_code == 200
            assert "Masukkan kode autentikasi yang valid" in response.text
        assert "_auth_user_id" not in client.session

    def test_recovery_code_works_once(self, staff_user):
        """A recovery code signs in once and is then used up."""
        user = staff_user("Editor", "editor")
        enrolled(user)
        code = issue_recovery_codes(user)[0]
        client = Client()
        assert log_in(client, "editor", code=code.upper()).status_code == 302
        assert client.get(reverse("admin:index")).status_code == 200
        assert log_in(Client(), "editor", code=code).status_code == 200

    def test_reporter_is_not_forced(self, staff_user):
        """Reporters and moderators may use the admin without a second factor."""
        for role in ["Reporter", "Moderator"]:
            client = Client()
            client.force_login(staff_user(role))
            assert client.get(reverse("admin:index")).status_code == 200

    def test_off_by_default_outside_production(self, settings, staff_user):
        """With REQUIRE_2FA off (development) an editor works with a password alone."""
        settings.REQUIRE_2FA = False
        client = Client()
        client.force_login(staff_user("Editor", "editor"))
        assert client.get(reverse("admin:index")).status_code == 200

    def test_production_requires_it(self):
        """The production settings turn the requirement on."""
        from beritapolisi.settings import base

        assert base.REQUIRE_2FA is False
        source = (base.BASE_DIR / "beritapolisi" / "settings" / "prod.py").read_text()
        assert 'REQUIRE_2FA = env_bool("REQUIRE_2FA", True)' in source
