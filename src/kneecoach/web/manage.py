"""``python -m kneecoach.web.manage <command>``: Django's manage.py for this project."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    from django.core.management import execute_from_command_line

    from kneecoach.web import setup

    setup()
    execute_from_command_line(["kneecoach-manage", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
