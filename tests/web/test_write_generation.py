"""The SQLite database's write generation (kneecoach.web.write_generation): every table is
watched after migrate, and a row created, changed or deleted through the ORM raises it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from kneecoach.web import write_generation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sqlite_only() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the write generation is SQLite's (a PostgreSQL server gets no triggers)")


def _generation() -> int:
    with connection.cursor() as cursor:
        value = write_generation.current(cursor)
    assert value is not None
    return value


def test_every_table_of_every_app_is_watched_after_migrate() -> None:
    with connection.cursor() as cursor:
        watched = write_generation.watched_tables(cursor)
        cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        triggers = cursor.fetchall()
    django_tables = set(connection.introspection.django_table_names(only_existing=True))
    assert django_tables <= set(watched)
    assert "coach_loggedset" in watched
    for table in watched:
        assert len([name for tbl, name in triggers if tbl == table]) == 3, table
    assert write_generation.MEMO_TABLE not in watched


def test_a_row_created_changed_or_deleted_raises_the_generation() -> None:
    start = _generation()
    user = get_user_model().objects.create_user("gen", password="a long password 123")
    assert _generation() == start + 1
    user.first_name = "Gen"
    user.save(update_fields=["first_name"])
    assert _generation() == start + 2
    user.delete()
    assert _generation() > start + 2


def test_migrate_raises_the_generation_and_keeps_one_set_of_triggers() -> None:
    start = _generation()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
        before = cursor.fetchone()[0]
    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
        assert cursor.fetchone()[0] == before
    assert _generation() > start


def test_remembering_an_answer_raises_nothing() -> None:
    from kneecoach.cli import today_memo

    start = _generation()
    memo = today_memo.MemoKey("demo", "2026-12-06", "80", "0.1.0:1")
    with connection.cursor() as cursor:
        today_memo.remember(cursor, memo, "printed", start)
    assert _generation() == start


def _remembered() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {write_generation.MEMO_TABLE}")  # noqa: S608
        return int(cursor.fetchone()[0])


def test_a_write_forgets_every_remembered_answer() -> None:
    """A person's remembered session must not outlive their data: any write (an account
    deleted on the web, a set logged) empties the memo's table in its own transaction."""
    from kneecoach.cli import today_memo

    memo = today_memo.MemoKey("demo", "2026-12-06", "80", "0.1.0:1")
    with connection.cursor() as cursor:
        today_memo.remember(cursor, memo, "printed", _generation())
    assert _remembered() == 1
    get_user_model().objects.create_user("gone", password="a long password 123").delete()
    assert _remembered() == 0


def test_an_answer_to_an_older_database_is_not_kept() -> None:
    from kneecoach.cli import today_memo

    memo = today_memo.MemoKey("demo", "2026-12-06", "80", "0.1.0:1")
    with connection.cursor() as cursor:
        today_memo.remember(cursor, memo, "printed", _generation() - 1)
    assert _remembered() == 0


def test_triggers_of_an_older_version_are_rebuilt_by_migrate() -> None:
    with connection.cursor() as cursor:
        cursor.execute('DROP TRIGGER "kneecoach_generation__coach_loggedset__insert"')
        cursor.execute(  # the trigger as an earlier version wrote it
            'CREATE TRIGGER "kneecoach_generation__coach_loggedset__insert" AFTER INSERT ON '  # noqa: S608
            f'"coach_loggedset" BEGIN UPDATE {write_generation.TABLE} SET value = value + 1; END'
        )
    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE name = "
            "'kneecoach_generation__coach_loggedset__insert'"
        )
        assert "DELETE FROM" in cursor.fetchone()[0]
