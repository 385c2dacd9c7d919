"""WSGI entry point: ``gunicorn kneecoach.web.wsgi`` (or any WSGI server).

The handler begins a GET's request transaction DEFERRED and a write's IMMEDIATE (see
``kneecoach.web.transactions``), so on SQLite the pages read beside the one writer. Loading it
outside debug without a way to mail password-reset links fails (``config.require_mail``).
"""

from kneecoach.web import setup

setup()

from django.conf import settings  # noqa: E402 - after django.setup()

from kneecoach.config import require_mail  # noqa: E402
from kneecoach.web.transactions import KneecoachWSGIHandler  # noqa: E402

require_mail(settings.CONFIG)
application = KneecoachWSGIHandler()
