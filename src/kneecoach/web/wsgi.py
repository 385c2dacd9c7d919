"""WSGI entry point: ``gunicorn kneecoach.web.wsgi`` (or any WSGI server).

The handler begins a GET's request transaction DEFERRED and a write's IMMEDIATE (see
``kneecoach.web.transactions``), so on SQLite the pages read beside the one writer.
"""

from kneecoach.web import setup

setup()

from kneecoach.web.transactions import KneecoachWSGIHandler  # noqa: E402 - after django.setup()

application = KneecoachWSGIHandler()
