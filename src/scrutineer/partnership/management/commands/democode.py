"""``scrutineer democode USERNAME``: the current two-factor code of a demo account."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from scrutineer.partnership.demo import DEMO_DEVICE_NAME


class Command(BaseCommand):
    help = (
        "Print the current 6-digit security code of a demo account, so the demo can be tried "
        "without an authenticator app. Works only for the demo's own authenticator devices."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="a demo username, like scrutineer")

    def handle(self, *args: Any, **options: Any) -> None:
        device = TOTPDevice.objects.filter(
            user__username=options["username"], name=DEMO_DEVICE_NAME, confirmed=True
        ).first()
        if device is None:
            raise CommandError(
                f"{options['username']!r} has no demo authenticator: run `scrutineer demo` first, "
                "and use a demo username."
            )
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
