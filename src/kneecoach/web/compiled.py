"""Small reads whose SQL Django compiles once per process, thread and database.

Building and compiling a queryset (``filter`` -> ``add_q``, ``as_sql``) costs more CPU than
running one of the small indexed reads a page makes, and a Today page makes a dozen of them. A
``CompiledRead`` builds its ``values_list`` queryset once, with placeholder arguments, keeps the
SQL and runs it again with the real ones. Its rows pass through Django's own converters, so they
equal what the queryset itself returns (tests/web/test_compiled.py compares them on SQLite and
PostgreSQL). ``instances`` turns rows of a model's concrete fields into model instances the way
Django's own iterator does (``Model.from_db``). The Today page's reads, the set a person logs
and the clinic's stored flags use it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, router
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import ForeignObject, Model, QuerySet

Argument = int | str | dt.date
_MAX_COMPILED = 256
"""Compiled SQL kept per read: one per database and thread that ran it."""
Row = tuple[Any, ...]
Places = list[tuple[int, type | None]]
"""Where one argument goes in the compiled parameters, with the wrapper the compiler put it in
there (psycopg's ``Int2`` / ``Int4`` for a small or plain integer column on PostgreSQL)."""


def _placeholder(kind: type, index: int) -> Argument:
    """A value distinct for each argument of a read, and from the constants a query holds (it is
    found among the compiled parameters by value). An integer stays inside a small positive
    integer column's range: Django compiles a lookup outside a column's range to an empty
    result (``EmptyResultSet``), with no parameter to find."""
    if kind is int:
        return 32_749 - index
    if kind is str:
        return f"kneecoach-placeholder-{index}-7340211"
    if kind is dt.date:
        return dt.date(1001, 1, 1 + index)
    raise TypeError(f"a compiled read takes int, str and date arguments, not {kind.__name__}")


def _adapted(ops: BaseDatabaseOperations, kind: type, value: Argument) -> Any:
    """An argument as the compiled parameters hold it: a date the way a ``DateField`` lookup
    adapts it for this database (a string on SQLite), anything else as it is."""
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, got {value!r}")
    return ops.adapt_datefield_value(value) if isinstance(value, dt.date) else value


def _holds(parameter: Any, adapted: Argument) -> bool:
    """Whether a compiled parameter is the placeholder (itself, or wrapped in a subclass of its
    type, as psycopg wraps integers; a bool is never an integer here)."""
    return (
        isinstance(parameter, type(adapted))
        and not isinstance(parameter, bool)
        and parameter == adapted
    )


class CompiledRead:
    """``build(*arguments)`` -> a ``values_list`` queryset, compiled once per process, thread
    (a compiler holds its thread's connection) and database, then run with other arguments.

    ``kinds``: each argument's type (int, str or datetime.date; a date is adapted for the
    database the way a ``DateField`` lookup adapts it). Every argument must reach the SQL as a
    parameter of its own: the placeholders are found among the compiled parameters."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *kinds: type) -> None:
        self._build = build
        self._kinds = kinds
        self._placeholders = tuple(_placeholder(kind, i) for i, kind in enumerate(kinds))
        self._model: type[Model] | None = None
        self._compiled: dict[tuple[str, int], tuple[str, list[Any], list[Places], Any, Any]]
        self._compiled = {}

    def queryset(self, *arguments: Argument) -> QuerySet[Any]:
        """The queryset this read stands for (what it is tested against)."""
        return self._build(*arguments)

    def _compile(self, alias: str) -> tuple[str, list[Any], list[Places], Any, Any]:
        compiler = self._build(*self._placeholders).query.get_compiler(using=alias)
        sql, compiled_params = compiler.as_sql()
        params = list(compiled_params)
        ops = connections[alias].ops
        positions = []
        for kind, placeholder in zip(self._kinds, self._placeholders, strict=True):
            adapted = _adapted(ops, kind, placeholder)
            at: Places = [
                (i, None if type(p) is type(adapted) else type(p))
                for i, p in enumerate(params)
                if _holds(p, adapted)
            ]
            if not at:
                raise ValueError(f"the argument {placeholder!r} is not a parameter of {sql}")
            positions.append(at)
        fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
        return sql, params, positions, compiler, compiler.get_converters(fields)

    def rows(self, *arguments: Argument) -> list[Row]:
        """The queryset's rows for these arguments, as tuples."""
        if self._model is None:
            self._model = self._build(*self._placeholders).model
        alias = router.db_for_read(self._model)
        key = (alias, threading.get_ident())
        compiled = self._compiled.get(key)
        if compiled is None:
            if len(self._compiled) >= _MAX_COMPILED:  # threads come and go (runserver)
                self._compiled.clear()
            compiled = self._compiled[key] = self._compile(alias)
        sql, params, positions, compiler, converters = compiled
        params = list(params)
        ops = connections[alias].ops
        for kind, value, at in zip(self._kinds, arguments, positions, strict=True):
            adapted = _adapted(ops, kind, value)
            for i, wrapper in at:
                params[i] = adapted if wrapper is None else wrapper(adapted)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        if converters:
            return [tuple(row) for row in compiler.apply_converters(fetched, converters)]
        return [tuple(row) for row in fetched]

    def first(self, *arguments: Argument) -> Row | None:
        """The first row (build the queryset with its order and ``[:1]``), or None."""
        found = self.rows(*arguments)
        return found[0] if found else None

    def database(self) -> str:
        """The database alias the read runs on (for ``instances``)."""
        if self._model is None:
            self._model = self._build(*self._placeholders).model
        return router.db_for_read(self._model)


def concrete_columns(model: type[Model], prefix: str = "") -> tuple[str, ...]:
    """A model's concrete fields as ``values_list`` names (``prefix`` for a joined model), in
    the order ``instances`` takes them."""
    return tuple(prefix + field.attname for field in model._meta.concrete_fields)


def instance[M: Model](model: type[M], alias: str, values: Sequence[Any]) -> M:
    """A model instance from a row of its concrete fields (``concrete_columns``), as Django's
    own queryset iterator makes it (``Model.from_db``: a saved row, not a new one)."""
    names = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(alias, names, list(values))


def joined_columns(model: type[Model], field_name: str) -> tuple[str, ...]:
    """``values_list`` names for a model's row with the row its ``field_name`` points to joined
    (``concrete_columns`` of both), the read ``joined_instance`` takes apart."""
    related = model._meta.get_field(field_name).related_model
    if not isinstance(related, type):
        raise TypeError(f"{model.__name__}.{field_name} is not a relation to a model")
    return (*concrete_columns(model), *concrete_columns(related, f"{field_name}__"))


def joined_instance[M: Model](
    model: type[M], field_name: str, alias: str, values: Sequence[Any]
) -> M:
    """The instance ``select_related(field_name)`` makes from a row of ``joined_columns``: the
    related object cached on it (None where a left join found no row), and for a one-to-one
    the instance cached on the related object too, as Django does."""
    field = model._meta.get_field(field_name)
    if not isinstance(field, ForeignObject):
        raise TypeError(f"{model.__name__}.{field_name} is not a forward relation")
    width = len(model._meta.concrete_fields)
    made = instance(model, alias, values[:width])
    rest = values[width:]
    related = None if rest[0] is None else instance(field.related_model, alias, rest)
    field.set_cached_value(made, related)
    if related is not None and field.one_to_one:
        field.remote_field.set_cached_value(related, made)
    return made
