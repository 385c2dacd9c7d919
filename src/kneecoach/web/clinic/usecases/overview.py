"""The overview: one page of the clinic's consenting patients, sorted and filtered in SQL."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db.models import QuerySet

from kneecoach.errors import InvalidInput
from kneecoach.programme import flags as rules
from kneecoach.web.clinic import models
from kneecoach.web.clinic.schemas import OverviewPage, PatientRow
from kneecoach.web.clinic.usecases.access import User, acting_clinician
from kneecoach.web.clinic.usecases.flags import flags_of, patient_url, time_flags
from kneecoach.web.clinic.usecases.patient import state_label

PAGE_SIZE = 25
COUNT_CAP = 1000
"""The overview counts at most this many matching patients: the first page's cost stays flat
however large the clinic (docs/clinic.md)."""
SORTS = ("attention", "name", "last_session", "pain")
FILTERS = ("", *rules.FlagKind.__args__, "flagged")  # type: ignore[attr-defined]
Sort = Literal["attention", "name", "last_session", "pain"]


def _filtered(clinic_id: int, flag: str, query: str, today: dt.date) -> QuerySet[models.Enrolment]:
    rows = models.Enrolment.objects.filter(
        clinic_id=clinic_id, status=models.EnrolmentStatus.ACTIVE
    )
    if query:
        rows = rows.filter(display_name__icontains=query)
    if flag == "inactive":
        rows = rows.filter(due_since__lt=today - dt.timedelta(days=rules.OVERDUE_GRACE_DAYS))
    elif flag == "relief_long":
        rows = rows.filter(relief_since__lte=today - dt.timedelta(days=rules.RELIEF_LONG_DAYS))
    elif flag == "flagged":
        rows = rows.filter(unseen_flags__gt=0)
    elif flag:
        rows = rows.filter(
            patient_id__in=models.Flag.objects.filter(kind=flag).values("patient_id")
        )
    return rows


def _ordered(rows: QuerySet[models.Enrolment], sort: str) -> QuerySet[models.Enrolment]:
    """Each order is one of the enrolment's partial indexes, column for column, so the first
    page is read off the index without sorting the clinic's patients. NULLs (no session yet,
    no pain reported) sort where the database puts them: first ascending on SQLite, last on
    PostgreSQL."""
    if sort == "name":
        return rows.order_by("display_name", "id")
    if sort == "last_session":
        return rows.order_by("last_session", "id")
    if sort == "pain":
        return rows.order_by("-latest_pain", "id")
    # Needs attention: any unseen red flag first (programme.flags.RED_KINDS), then the most
    # unseen flags, then the longest overdue.
    return rows.order_by("-unseen_red", "-unseen_flags", "due_since", "display_name", "id")


def overview(
    user: User,
    today: dt.date,
    *,
    sort: str = "attention",
    flag: str = "",
    query: str = "",
    page: int = 1,
    language: str = "en",
) -> OverviewPage:
    """One page of the clinic's consenting patients, sorted and filtered in SQL on the stored
    columns (indexed), with each row's flags (one more query for the page's rows)."""
    clinician = acting_clinician(user)
    if sort not in SORTS:
        raise InvalidInput(f"sort must be one of {', '.join(SORTS)}", field="sort")
    if flag not in FILTERS:
        raise InvalidInput(
            f"flag must be one of {', '.join(f for f in FILTERS if f)}", field="flag"
        )
    if page < 1:
        raise InvalidInput("page must be 1 or more", field="page")
    query = query.strip()[:100]
    rows = _filtered(clinician.clinic_id, flag, query, today)
    total = rows.order_by()[: COUNT_CAP + 1].count()
    capped = total > COUNT_CAP
    total = min(total, COUNT_CAP)
    first = (page - 1) * PAGE_SIZE
    chosen = list(_ordered(rows, sort)[first : first + PAGE_SIZE + 1])
    has_next, chosen = len(chosen) > PAGE_SIZE, chosen[:PAGE_SIZE]
    pages = max(1, -(-total // PAGE_SIZE), page + (1 if has_next else 0))
    flags = flags_of([e.patient_id for e in chosen], language)
    return OverviewPage(
        clinic=clinician.clinic.name,
        rows=[
            PatientRow(
                id=e.patient_id,
                name=e.display_name,
                last_session=e.last_session,
                latest_pain=e.latest_pain,
                state=e.programme_state,
                state_label=state_label(e.programme_state),
                flags=[*flags.get(e.patient_id, []), *time_flags(e, today, language)],
                url=patient_url(e.patient_id),
            )
            for e in chosen
        ],
        page=page,
        pages=pages,
        total=total,
        total_is_lower_bound=capped,
        has_next=has_next,
        sort=sort,
        flag=flag,
        query=query,
    )
