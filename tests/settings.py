"""Django settings for the test suite: debug secrets, a throwaway data directory.

``KNEECOACH_TEST_DATABASE_URL`` (e.g. postgres://postgres@127.0.0.1:5432/test) runs the database
tests on that server instead of SQLite; see tests/conftest.py for the skip when it is unreachable.
"""

import os
import tempfile

os.environ["KNEECOACH_DEBUG"] = "1"
os.environ.setdefault("KNEECOACH_DATA_DIR", tempfile.mkdtemp(prefix="kneecoach-test-"))
if os.environ.get("KNEECOACH_TEST_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["KNEECOACH_TEST_DATABASE_URL"]
else:
    os.environ.pop("DATABASE_URL", None)

from kneecoach.web.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests only
