"""The sign-up / password-reset limits count every attempt when many arrive at once.

Threads (each its own database connection, each attempt its own transaction, as requests are)
count attempts for one address at the same moment; prints how many were made and how many the
database counted. They must be equal (docs/security.md). SQLite in a temporary folder by
default; ``--database-url postgres://...`` for PostgreSQL (its tables are created by migrate).
Run: .venv/bin/python bench/throttle.py [--threads 16] [--attempts 10] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
from datetime import timedelta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--attempts", type=int, default=10, help="per thread")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="kneecoach-bench-throttle-")
    os.environ.update(KNEECOACH_DEBUG="1", KNEECOACH_DATA_DIR=data_dir)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    from kneecoach.web import setup

    setup()
    from django.core.management import call_command
    from django.db import connections, transaction
    from django.utils import timezone

    from kneecoach.web.throttle.limits import Limit, attempt
    from kneecoach.web.throttle.models import AttemptWindow

    call_command("migrate", "throttle", verbosity=0)
    scope = "bench"
    AttemptWindow.objects.filter(scope=scope).delete()
    limit = Limit(attempts=10**6, window=timedelta(days=365))  # no window ends during the run
    start = threading.Barrier(args.threads)

    def work() -> None:
        start.wait()
        for _ in range(args.attempts):
            with transaction.atomic():
                attempt(scope, "198.51.100.7", limit, timezone.now())
        connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counted = sum(AttemptWindow.objects.filter(scope=scope).values_list("count", flat=True))
    AttemptWindow.objects.filter(scope=scope).delete()
    engine = connections["default"].vendor
    print(
        f"{engine}: {args.threads} threads, {args.threads * args.attempts} attempts, "
        f"{counted} counted"
    )


if __name__ == "__main__":
    main()
