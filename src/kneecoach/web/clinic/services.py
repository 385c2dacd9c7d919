"""The clinic's public interface: the use cases and values that its pages, its API, other apps
and the CLI call. Nothing is defined here; each lives in ``clinic.usecases.<area>`` (the rules
they keep are in ``clinic/usecases/__init__.py``) or ``clinic.schemas``.
"""

from __future__ import annotations

from kneecoach.web.clinic.demo import create_clinic_demo
from kneecoach.web.clinic.schemas import (
    AuditRow,
    ChangeInput,
    ChangeView,
    CheckinRow,
    ClinicianInfo,
    ConsentView,
    ExerciseChoice,
    FlagView,
    InvitationPreview,
    InvitationView,
    NoteView,
    OverviewPage,
    PatientPage,
    PatientRow,
    PreviewDay,
    PreviewView,
    ScreeningView,
    SessionRow,
    TeamMember,
)
from kneecoach.web.clinic.usecases.access import (
    User,
    audited_patient_read,
    clinician_of,
    is_clinician,
    require_patient,
)
from kneecoach.web.clinic.usecases.audit import clinic_audit, export_data, my_audit
from kneecoach.web.clinic.usecases.changes import (
    changes_of,
    my_changes,
    preview_change,
    save_change,
)
from kneecoach.web.clinic.usecases.consent import (
    INVITATION_DAYS,
    accept_invitation,
    create_invitation,
    create_patient_account,
    my_consent,
    preview_invitation,
    revoke_consent,
)
from kneecoach.web.clinic.usecases.flags import EVIDENCE, flag_text, mark_flag_seen
from kneecoach.web.clinic.usecases.notes import NOTE_MAX, add_note, send_message
from kneecoach.web.clinic.usecases.overview import (
    COUNT_CAP,
    FILTERS,
    PAGE_SIZE,
    SORTS,
    Sort,
    overview,
)
from kneecoach.web.clinic.usecases.patient import patient_page, patient_progress, state_label
from kneecoach.web.clinic.usecases.team import add_clinician, set_clinician_active, team

__all__ = [
    "COUNT_CAP",
    "EVIDENCE",
    "FILTERS",
    "INVITATION_DAYS",
    "NOTE_MAX",
    "PAGE_SIZE",
    "SORTS",
    "AuditRow",
    "ChangeInput",
    "ChangeView",
    "CheckinRow",
    "ClinicianInfo",
    "ConsentView",
    "ExerciseChoice",
    "FlagView",
    "InvitationPreview",
    "InvitationView",
    "NoteView",
    "OverviewPage",
    "PatientPage",
    "PatientRow",
    "PreviewDay",
    "PreviewView",
    "ScreeningView",
    "SessionRow",
    "Sort",
    "TeamMember",
    "User",
    "accept_invitation",
    "add_clinician",
    "add_note",
    "audited_patient_read",
    "changes_of",
    "clinic_audit",
    "clinician_of",
    "create_clinic_demo",
    "create_invitation",
    "create_patient_account",
    "export_data",
    "flag_text",
    "is_clinician",
    "mark_flag_seen",
    "my_audit",
    "my_changes",
    "my_consent",
    "overview",
    "patient_page",
    "patient_progress",
    "preview_change",
    "preview_invitation",
    "require_patient",
    "revoke_consent",
    "save_change",
    "send_message",
    "set_clinician_active",
    "state_label",
    "team",
]
