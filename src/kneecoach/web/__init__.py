"""The Django project. ``setup()`` prepares the data directory and Django for non-web callers."""

from __future__ import annotations

import os

SETTINGS_MODULE = "kneecoach.web.settings"


def setup() -> None:
    """Point Django at our settings, create the data directory, and run ``django.setup()``.

    Called by the CLI, ``wsgi.py`` and ``asgi.py``; never at import time.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django
    from django.conf import settings

    settings.CONFIG.data_dir.mkdir(parents=True, exist_ok=True)
    django.setup()
