"""The flags as a clinician reads them: in words, with a link to their evidence, and marked seen.

The flags themselves are computed and stored when a diary changes (``clinic.flagging``); the
two read against today (overdue, a long relief) are added here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kneecoach.errors import NotFound
from kneecoach.programme import flags as rules
from kneecoach.programme.wording import day_words
from kneecoach.web.clinic import flagging, models
from kneecoach.web.clinic.schemas import FlagView
from kneecoach.web.clinic.usecases.access import User, acting_clinician, patient_of, record_audit
from kneecoach.web.requests import active_language


def flag_kind_names() -> dict[str, str]:
    """Each kind of flag by its name in the active language (the overview's filter, the audit
    log's "marked a flag as seen")."""
    return {
        "red_flag": _("Red flag in screening"),
        "pain_rising": _("Pain rising"),
        "relief": _("In relief"),
        "relief_long": _("Relief over a week"),
        "review": _("Needs review"),
        "inactive": _("Inactive"),
        "side_difference": _("Left/right difference"),
        "questionnaire_due": _("Questionnaire due"),
    }


def patient_url(patient_id: int, anchor: str = "") -> str:
    return reverse("clinic_patient", args=[patient_id]) + (f"#{anchor}" if anchor else "")


def flags_of(patient_ids: list[int], language: str) -> dict[int, list[FlagView]]:
    found: dict[int, list[FlagView]] = {}
    for row in models.Flag.objects.filter(patient_id__in=patient_ids).order_by("kind"):
        found.setdefault(row.patient_id, []).append(
            flag_view(row.patient_id, row.kind, row.since, row.detail, row.seen_at is not None)
        )
    return found


def time_flags(enrolment: models.Enrolment, today: dt.date, language: str) -> list[FlagView]:
    """The flags read against today: overdue sessions and a relief period over a week."""
    result = []
    due = enrolment.due_since
    if due is not None and due < today - dt.timedelta(days=rules.OVERDUE_GRACE_DAYS):
        seen = enrolment.inactive_seen_for == due
        detail = {"days": (today - due).days}
        result.append(flag_view(enrolment.patient_id, "inactive", due, detail, seen))
    since = enrolment.relief_since
    if since is not None and since <= today - dt.timedelta(days=rules.RELIEF_LONG_DAYS):
        detail = {"days": (today - since).days}
        seen = enrolment.relief_long_seen_for == since
        result.append(flag_view(enrolment.patient_id, "relief_long", since, detail, seen))
    return result


EVIDENCE = {
    "red_flag": "screening",
    "pain_rising": "pain",
    "relief": "decisions",
    "relief_long": "decisions",
    "review": "decisions",
    "inactive": "diary",
    "side_difference": "diary",
    "questionnaire_due": "outcomes",
}


def flag_view(
    patient_id: int, kind: str, since: dt.date, detail: dict[str, Any], seen: bool
) -> FlagView:
    return FlagView(
        kind=kind,
        since=since,
        text=flag_text(kind, since, detail),
        evidence_url=patient_url(patient_id, EVIDENCE.get(kind, "")),
        seen=seen,
    )


def flag_text(kind: str, since: dt.date, detail: dict[str, Any]) -> str:
    """Why the flag is up, in words, in the active language, the day as the pages write it
    (``Friday 4 December``, ``fredag 4. desember``), never an ISO date."""
    day = day_words(since, active_language())
    if kind == "red_flag":
        return _("red flag in the screening of %(day)s (%(level)s)") % {
            "day": day,
            "level": detail.get("level", ""),
        }
    if kind == "pain_rising":
        words = {"pain": detail.get("pain"), "day": day, "previous": detail.get("previous")}
        if detail.get("rule") == "high":
            return _("pain %(pain)s/10 on %(day)s") % words
        return _("pain rose from %(previous)s to %(pain)s/10 on %(day)s") % words
    if kind == "relief":
        return _("relief period since %(day)s") % {"day": day}
    if kind == "relief_long":
        return _("relief period for %(days)s days (since %(day)s)") % {
            "days": detail.get("days"),
            "day": day,
        }
    if kind == "review":
        return _("relief did not settle: review the programme (since %(day)s)") % {"day": day}
    if kind == "inactive":
        return _("no session since one was due on %(day)s") % {"day": day}
    if kind == "side_difference":
        side = _("left") if detail.get("side") == "left" else _("right")
        return _("%(side)s leg weaker in %(count)s of the last %(of)s sessions") % {
            "side": side,
            "count": detail.get("sessions"),
            "of": detail.get("compared"),
        }
    if kind == "questionnaire_due":
        return _("questionnaire due since %(day)s") % {"day": day}
    return kind


def mark_flag_seen(user: User, patient_id: int, kind: str, now: dt.datetime) -> FlagView:
    """The clinician has seen the flag: it stops counting in the overview until its evidence
    changes."""
    clinician = acting_clinician(user)
    enrolment = patient_of(clinician, patient_id)
    if kind in TIME_FIELDS:
        return _mark_time_flag_seen(user, clinician, enrolment, kind, now)
    row = models.Flag.objects.filter(patient_id=patient_id, kind=kind).first()
    if row is None:
        raise NotFound(f"no {kind} flag on this patient", field="kind")
    row.seen_at, row.seen_by_id = now, user.pk
    row.save(update_fields=["seen_at", "seen_by"])
    flagging.update_counts(enrolment)
    record_audit(clinician, user, patient_id, "flag_seen", kind)
    return flag_view(patient_id, row.kind, row.since, row.detail, True)


TIME_FIELDS = {"inactive": "inactive_seen_for", "relief_long": "relief_long_seen_for"}
"""The flags read against today, and the enrolment's column that keeps which evidence (the
due day, the relief's first day) a clinician has seen."""


def _mark_time_flag_seen(
    user: User,
    clinician: models.Clinician,
    enrolment: models.Enrolment,
    kind: str,
    now: dt.datetime,
) -> FlagView:
    """The flag "inactive" or "relief over a week", seen as of today: it stays seen until
    the evidence changes (a later due day, another relief period)."""
    today = timezone.localdate(now)
    flag = next((f for f in time_flags(enrolment, today, "") if f.kind == kind), None)
    if flag is None:
        raise NotFound(f"no {kind} flag on this patient", field="kind")
    setattr(enrolment, TIME_FIELDS[kind], flag.since)
    enrolment.save(update_fields=[TIME_FIELDS[kind]])
    record_audit(clinician, user, enrolment.patient_id, "flag_seen", kind)
    return flag.model_copy(update={"seen": True})
