#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        if "--traceback" in sys.argv:
            raise
        # A missing setting, an unreadable secret or key file: the message says what to do, and
        # a traceback through Django around it only hides it.
        sys.exit(f"Waypoint stopped. {exc}")


if __name__ == "__main__":
    main()
