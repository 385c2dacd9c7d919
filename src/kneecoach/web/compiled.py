"""Small read queries compiled once and run again with other values.

Building and compiling a queryset (filters, joins, the SELECT list) costs Django several times
what SQLite takes to run a small indexed query: on the log-a-set path it was about 40 % of the
request. ``CompiledQuery`` builds a ``values_list`` query once per process, thread and database
with stand-in values for its parameters, finds where each stand-in went in the compiled
parameters, and from then on runs the same SQL with the real values put in their places. Rows
pass through Django's own converters, so they equal what the queryset itself returns
(tests/web/test_compiled.py).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet

Value = int | str | dt.date
Places = dict[str, list[tuple[int, Callable[[Any], Any]]]]


class CompiledQuery:
    """``build(**stand_ins)`` is the query; each stand-in (an int, a string or a date no real
    value equals) is a parameter of the compiled SQL, filled with a real value of its type at
    ``rows(**values)``. A stand-in that the compiled parameters do not hold, or hold as
    something else, is refused at the first run (a query that would silently ignore a value).
    The database is the router's for the query's model (building the query to ask it would
    cost what compiling once saves)."""

    def __init__(self, build: Callable[..., QuerySet[Any]], **stand_ins: Value) -> None:
        if len(set(stand_ins.values())) != len(stand_ins):
            raise ValueError("each parameter needs its own stand-in value")
        self._build = build
        self._stand_ins = stand_ins
        self._model: type[Model] | None = None
        self._compiled: dict[tuple[str, int], tuple[str, list[Any], Places, Any]] = {}

    def rows(self, **values: Value) -> list[tuple[Any, ...]]:
        if values.keys() != self._stand_ins.keys():
            raise TypeError(f"expected the parameters {sorted(self._stand_ins)}")
        if self._model is None:
            self._model = self._build(**self._stand_ins).model
        alias = router.db_for_read(self._model)
        key = (alias, threading.get_ident())
        compiled = self._compiled.get(key)
        if compiled is None:
            query = self._build(**self._stand_ins)
            compiled = self._compiled[key] = self._compile(query.using(alias), alias)
        sql, template, places, (compiler, converters) = compiled
        params = list(template)
        for name, value in values.items():
            for at, adapt in places[name]:
                params[at] = adapt(value)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            return [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return [tuple(row) for row in rows]

    def _compile(self, query: QuerySet[Any], alias: str) -> tuple[str, list[Any], Places, Any]:
        compiler = query.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        ops = connections[alias].ops
        places: Places = {}
        for name, stand_in in self._stand_ins.items():
            adapted = _adapt(ops, stand_in)
            places[name] = [
                (i, _like(p, ops, stand_in))
                for i, p in enumerate(params)
                if isinstance(p, type(adapted)) and not isinstance(p, bool) and p == adapted
            ]
            if not places[name]:
                raise ValueError(f"the stand-in for {name} is not a parameter of the query")
        fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
        return sql, list(params), places, (compiler, compiler.get_converters(fields))


def _like(compiled: Any, ops: Any, stand_in: Value) -> Callable[[Any], Any]:
    """How a value is put where its stand-in went: as the backend adapts a date, in the
    stand-in's wrapper where the compiler wrapped it (psycopg's ``Int2`` for a small integer
    column), or as it is."""
    if isinstance(stand_in, dt.date):
        return lambda value: _adapt(ops, value)
    if type(compiled) is not type(stand_in):
        return type(compiled)
    return lambda value: value


def _adapt(ops: Any, value: Value) -> Any:
    """A value as the backend's compiler puts it in the parameters (a date: SQLite's text)."""
    if isinstance(value, dt.datetime):
        raise TypeError("datetimes are not supported")
    if isinstance(value, dt.date):
        return ops.adapt_datefield_value(value)
    return value
