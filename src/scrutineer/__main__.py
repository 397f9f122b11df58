"""The ``scrutineer`` command: Django's manage.py under the project's name."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutineer.settings")
    from django.core.management import execute_from_command_line

    from scrutineer.core.env import ImproperSetting

    try:
        execute_from_command_line(["scrutineer", *sys.argv[1:]])
    except ImproperSetting as error:
        # A setting is wrong: say which, plainly, without a traceback.
        sys.stderr.write(
            f"Scrutineer cannot start: {error}\nEvery setting is in docs/operations.md.\n"
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
