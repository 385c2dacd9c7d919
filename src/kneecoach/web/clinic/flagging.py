"""Flags are computed when a diary changes, and stored.

``diary_changed`` observes the coach's replays (``coach.services.DIARY_OBSERVERS``): after each
fresh replay of an enrolled person (a set, a check-in, pain after, a screening, an override, or
the first replay of a new day) it runs the pure rules of ``programme.flags`` on the diary and the
advice already in hand, and writes the flags and the overview's columns on the enrolment only
when they changed. The overview reads these rows; it never replays a diary.

What is stored (the active enrolment's columns, the person's flags, the next planned training
day) is read in one query, compiled once per process, every time: clinicians mark flags seen,
enrolments end and admins edit rows without the diary changing, so none of it is remembered.
The unseen count is counted from those rows and what this call writes, not read again, and
only the columns that differ are written. The pure rules themselves cost little next to a
query, so they are not memoised either.

``questionnaire_changed`` observes the outcome measures (``outcomes.services.OUTCOME_OBSERVERS``):
after a questionnaire is filled in (or its schedule changes) it recomputes the one flag that
depends on them, ``questionnaire_due``, which the diary's replays recompute as well.

A person with no clinic costs one indexed query per fresh replay.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import QuerySet, Subquery
from django.utils import timezone

from kneecoach.programme import flags as rules
from kneecoach.programme.questionnaires import DueForm
from kneecoach.programme.values import Diary
from kneecoach.web.clinic import models
from kneecoach.web.coach import models as coach_models
from kneecoach.web.compiled import CompiledRead
from kneecoach.web.outcomes import services as outcomes

if TYPE_CHECKING:
    from kneecoach.programme.engine import Advice

STORED_KINDS = (
    "red_flag",
    "pain_rising",
    "relief",
    "review",
    "side_difference",
    "questionnaire_due",
)
"""Flags stored as rows. ``inactive`` and ``relief_long`` are read from the enrolment's
``due_since`` and ``relief_since`` against today."""
QUESTIONNAIRE_KINDS = ("questionnaire_due",)
"""The stored flags that the outcome measures' changes recompute (``questionnaire_changed``)."""


def compute(
    diary: Diary,
    advice: Advice | None,
    screening_level: str,
    planned_training_days: list[dt.date],
    questionnaires_due: DueForm | None = None,
    today: dt.date | None = None,
) -> tuple[list[rules.Flag], dict[str, object]]:
    """The stored flags and the overview's columns for one diary (pure but for its inputs)."""
    found: list[rules.Flag] = []
    if today is not None and (flag := rules.questionnaire_due_rule(questionnaires_due, today)):
        found.append(flag)
    screened = max((r.date for r in diary.screenings), default=None)
    level = screening_level if screening_level in ("soon", "urgent", "emergency") else None
    if (flag := rules.red_flag_rule(level, screened)) is not None:  # type: ignore[arg-type]
        found.append(flag)
    reports = rules.pain_reports(diary)
    if (flag := rules.pain_rising_rule(reports)) is not None:
        found.append(flag)
    relief_since = None
    state = "locked" if advice is None else advice.state
    if advice is not None:
        relief_since = rules.relief_since_rule(advice.state, advice.decisions)
        if (flag := rules.relief_rule(advice.state, relief_since)) is not None:
            found.append(flag)
    if (flag := rules.side_difference_rule(diary)) is not None:
        found.append(flag)
    last_session = max((s.date for s in diary.sessions), default=None)
    columns: dict[str, object] = {
        "last_session": last_session,
        "latest_pain": reports[-1].pain if reports else None,
        "programme_state": state,
        # nothing is due while locked or paused by a clinician: no "inactive" flag then
        "due_since": None
        if advice is None or advice.state == "paused"
        else rules.due_since_rule(last_session, planned_training_days),
        "relief_since": relief_since,
    }
    return found, columns


def diary_changed(
    profile: coach_models.Profile, diary: Diary, advice: Advice | None, today: dt.date
) -> None:
    """The observer: recompute and store the flags of an enrolled person."""
    last_session = max((s.date for s in diary.sessions), default=None)
    stored = read_stored(profile, last_session)
    if stored is None:
        return
    due = outcomes.due_for_profile(profile, today)
    planned = [stored.next_due] if stored.next_due is not None else []
    found, columns = compute(diary, advice, profile.screening_status, planned, due, today)
    write_changes(stored, found, columns)


def questionnaire_changed(profile: coach_models.Profile, today: dt.date) -> None:
    """The outcome observer: a questionnaire was filled in or its schedule changed."""
    stored = read_stored(profile, None)
    if stored is None:
        return
    due = outcomes.due_for_profile(profile, today)
    flag = rules.questionnaire_due_rule(due, today)
    write_changes(stored, [flag] if flag else [], None, kinds=QUESTIONNAIRE_KINDS)


class SavedFlag(NamedTuple):
    pk: int
    since: dt.date
    detail: dict[str, object]
    seen_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Stored:
    """What is stored for a person's active enrolment, read in one query each time (a clinician
    marks a flag seen, an admin edits a row, an enrolment ends: none of it goes through the
    diary, so none of it is remembered between calls)."""

    enrolment_pk: int
    patient_id: int
    columns: dict[str, object]
    """The overview's columns (``OVERVIEW_COLUMNS``) as stored."""
    next_due: dt.date | None
    """The first planned training day after the last session (the scheduled calendar)."""
    flags: dict[str, SavedFlag]


OVERVIEW_COLUMNS = (
    "last_session",
    "latest_pain",
    "programme_state",
    "due_since",
    "relief_since",
    "unseen_flags",
    "unseen_red",
)
_FLAG_COLUMNS = tuple(
    f"patient__clinic_flags__{name}" for name in ("pk", "kind", "since", "detail", "seen_at")
)


def _stored_query(patient: int, profile: int, after: dt.date) -> QuerySet[Any]:
    next_due = (
        coach_models.ScheduledSession.objects.filter(
            profile_id=profile, kind="training", day__gt=after
        )
        .order_by("day")
        .values("day")[:1]
    )
    return (
        models.Enrolment.objects.filter(patient_id=patient, status=models.EnrolmentStatus.ACTIVE)
        .annotate(next_due=Subquery(next_due))
        .order_by("pk")
        .values_list("pk", *OVERVIEW_COLUMNS, "next_due", *_FLAG_COLUMNS)
    )


_STORED = CompiledRead(_stored_query, int, int, dt.date)


def read_stored(profile: coach_models.Profile, last_session: dt.date | None) -> Stored | None:
    """The active enrolment's columns, its patient's flags (a left join: one row per flag) and
    the first training day planned after ``last_session``, in one query; None when the person
    has no active enrolment."""
    rows = _STORED.rows(profile.user_id, profile.pk, last_session or dt.date.min)
    if not rows:
        return None
    first = rows[0]
    width = 1 + len(OVERVIEW_COLUMNS)
    flags = {
        kind: SavedFlag(pk, since, detail, seen_at)
        for enrolment_pk, *_, pk, kind, since, detail, seen_at in rows
        if enrolment_pk == first[0] and pk is not None
    }
    return Stored(
        enrolment_pk=first[0],
        patient_id=profile.user_id,
        columns=dict(zip(OVERVIEW_COLUMNS, first[1:width], strict=True)),
        next_due=first[width],
        flags=flags,
    )


def write_changes(
    stored: Stored,
    found: list[rules.Flag],
    columns: dict[str, object] | None,
    kinds: tuple[str, ...] = STORED_KINDS,
) -> None:
    """Write the flags of ``kinds`` that changed (a flag whose evidence moved is unseen again)
    and the enrolment's columns that differ from what is stored; nothing when nothing changed.
    The unseen count is the stored flags' after these writes, counted here, not read again."""
    wanted = {f.kind: f for f in found}
    kept = {k: f for k, f in stored.flags.items() if k not in kinds or k in wanted}
    stale = [f.pk for k, f in stored.flags.items() if k not in kept]
    if stale:
        models.Flag.objects.filter(pk__in=stale).delete()
    unseen = [k for k, f in kept.items() if k not in wanted and f.seen_at is None]
    for kind, flag in wanted.items():
        row = kept.get(kind)
        if row is None:
            models.Flag.objects.create(
                patient_id=stored.patient_id, kind=kind, since=flag.since, detail=flag.detail
            )
        elif row.since != flag.since or row.detail != flag.detail:
            models.Flag.objects.filter(pk=row.pk).update(
                since=flag.since, detail=flag.detail, seen_at=None, seen_by=None
            )
        elif row.seen_at is not None:
            continue
        unseen.append(kind)
    wanted_columns = dict(columns or {}) | unseen_counts(unseen)
    changes = {k: v for k, v in wanted_columns.items() if stored.columns[k] != v}
    if changes:
        models.Enrolment.objects.filter(pk=stored.enrolment_pk).update(
            **changes, flags_updated_at=timezone.now()
        )


def unseen_counts(unseen_kinds: list[str]) -> dict[str, int]:
    """The enrolment's two counts of its unseen stored flags: all of them, and the red ones."""
    red = sum(rules.is_red(kind) for kind in unseen_kinds)
    return {"unseen_flags": len(unseen_kinds), "unseen_red": red}


def update_counts(enrolment: models.Enrolment, columns: dict[str, object] | None = None) -> None:
    """Recount the unseen flags and write the enrolment's columns if they changed."""
    unseen = models.Flag.objects.filter(patient_id=enrolment.patient_id, seen_at__isnull=True)
    changes = dict(columns or {}) | unseen_counts(list(unseen.values_list("kind", flat=True)))
    if any(getattr(enrolment, key) != value for key, value in changes.items()):
        for key, value in changes.items():
            setattr(enrolment, key, value)
        enrolment.flags_updated_at = timezone.now()
        enrolment.save(update_fields=[*changes, "flags_updated_at"])


def set_flag(patient_id: int, kind: rules.FlagKind, since: dt.date | None, **detail: str) -> None:
    """Raise (``since`` a day) or clear (None) a flag that is not computed from the diary (no
    such kind today: ``questionnaire_due`` is computed, see ``questionnaire_changed``)."""
    if since is None:
        models.Flag.objects.filter(patient_id=patient_id, kind=kind).delete()
    else:
        models.Flag.objects.update_or_create(
            patient_id=patient_id,
            kind=kind,
            defaults={"since": since, "detail": detail, "seen_at": None, "seen_by": None},
        )
    for enrolment in models.Enrolment.objects.filter(
        patient_id=patient_id, status=models.EnrolmentStatus.ACTIVE
    ):
        update_counts(enrolment)
