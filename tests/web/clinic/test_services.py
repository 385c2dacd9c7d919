"""The clinic's use cases: consent, stored flags, programme edits through the engine, notes,
audit, export and deletion."""

from __future__ import annotations

import datetime as dt
import gettext
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.html import escape

import kneecoach.web.clinic
from kneecoach.catalog.loader import default_catalog
from kneecoach.errors import InvalidInput, NotFound
from kneecoach.web.accounts.services import delete_account, my_data
from kneecoach.web.clinic import models, services
from kneecoach.web.clinic.usecases import overview as overview_usecase
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from tests.web.access import logged_in_client
from tests.web.clinic.conftest import World, enrol, log_day, make_clinician
from tests.web.patient.conftest import onboarded

pytestmark = pytest.mark.django_db


def test_accepting_shows_who_can_see_and_lists_the_patient(world: World) -> None:
    consent = services.my_consent(world.patient)
    assert consent is not None and consent.clinic == "Fysio Nord"
    assert {c.username for c in consent.clinicians} == {"anna", "carl"}
    page = services.overview(world.clinician_a, world.today)
    assert [r.name for r in page.rows] == ["olga", "pat"] or {r.name for r in page.rows} == {
        "olga",
        "pat",
    }


def test_a_person_belongs_to_one_clinic_at_a_time(world: World) -> None:
    enrol(world.patient, world.clinician_b)
    consent = services.my_consent(world.patient)
    assert consent is not None and consent.clinic == "Fysio Sør"
    with pytest.raises(NotFound):
        services.patient_page(world.clinician_a, world.patient.pk, world.today)
    assert services.patient_page(world.clinician_b, world.patient.pk, world.today).name == "pat"
    assert models.Enrolment.objects.filter(patient=world.patient, status="active").count() == 1


def test_an_invitation_is_used_once(world: World) -> None:
    invitation = services.create_invitation(world.clinician_a, timezone.now())
    person = User.objects.create_user("nina", password="x" * 12)
    services.accept_invitation(person, invitation.code.lower(), timezone.now(), world.today)
    with pytest.raises(InvalidInput) as refused:
        services.accept_invitation(world.revoked, invitation.code, timezone.now(), world.today)
    assert refused.value.field == "code"


def test_revoking_hides_the_patient_at_once(world: World) -> None:
    services.revoke_consent(world.patient, timezone.now())
    with pytest.raises(NotFound):
        services.patient_page(world.clinician_a, world.patient.pk, world.today)
    assert "pat" not in {r.name for r in services.overview(world.clinician_a, world.today).rows}


def test_rising_pain_is_flagged_when_the_diary_changes_and_stored(world: World) -> None:
    log_day(world.patient, world.today, pain=2)
    assert not models.Flag.objects.filter(patient=world.patient, kind="pain_rising").exists()
    coach.record_pain_after(world.patient, world.today, 7, today_=world.today)
    flag = models.Flag.objects.get(patient=world.patient, kind="pain_rising")
    assert flag.detail["pain"] == 7
    enrolment = models.Enrolment.objects.get(patient=world.patient, status="active")
    assert enrolment.unseen_flags >= 1 and enrolment.latest_pain == 7
    flagged = services.overview(world.clinician_a, world.today, flag="pain_rising")
    assert [r.name for r in flagged.rows] == ["pat"]
    assert "7/10" in flagged.rows[0].flags[0].text


def test_a_flag_marked_seen_stops_counting_until_its_evidence_changes(world: World) -> None:
    log_day(world.patient, world.today, pain=7)
    services.mark_flag_seen(world.clinician_a, world.patient.pk, "pain_rising", timezone.now())
    enrolment = models.Enrolment.objects.get(patient=world.patient, status="active")
    assert enrolment.unseen_flags == 0
    coach.record_pain_after(world.patient, world.today, 9, today_=world.today)
    unseen = models.Flag.objects.filter(patient=world.patient, seen_at__isnull=True)
    # 9/10 an hour after is new evidence of rising pain, and a flare that starts relief
    assert set(unseen.values_list("kind", flat=True)) == {"pain_rising", "relief"}
    enrolment.refresh_from_db()
    assert enrolment.unseen_flags == 2


def test_a_red_flag_screening_is_flagged_though_it_locks_the_programme(world: World) -> None:
    answers = {q.id: "no" for q in coach.screening_questions()}
    answers[next(q.id for q in coach.screening_questions() if q.level == "urgent")] = "yes"
    coach.rescreen(world.patient, answers, world.today)
    flag = models.Flag.objects.get(patient=world.patient, kind="red_flag")
    assert flag.detail == {"level": "urgent"}


def test_no_session_two_days_past_a_due_one_reads_as_inactive(world: World) -> None:
    enrolment = models.Enrolment.objects.get(patient=world.other_patient, status="active")
    assert enrolment.due_since is not None
    later = enrolment.due_since + dt.timedelta(days=3)
    inactive = services.overview(world.clinician_a, later, flag="inactive")
    assert "olga" in {r.name for r in inactive.rows}
    on_time = services.overview(world.clinician_a, enrolment.due_since, flag="inactive")
    assert "olga" not in {r.name for r in on_time.rows}


def _change(**fields: object) -> services.ChangeInput:
    data = {"exercise": "clamshell", "level": -1, "sets": 2, "reps": 10, "note": "gentler"}
    return services.ChangeInput.model_validate(data | fields)


def test_a_change_is_previewed_by_the_engine_and_nothing_is_saved(world: World) -> None:
    preview = services.preview_change(world.clinician_a, world.patient.pk, _change(), world.today)
    assert preview.days and all(d.proposed for d in preview.days if d.now)
    assert any(d.now != d.proposed for d in preview.days)
    assert not coach_models.ClinicianOverride.objects.exists()


def test_a_saved_change_is_an_override_the_patient_sees_with_author_and_date(
    world: World,
) -> None:
    services.save_change(world.clinician_a, world.patient.pk, _change(), world.today)
    row = coach_models.ClinicianOverride.objects.get()
    assert row.created_by == world.clinician_a
    assert row.dose is not None and row.dose["level"] == -1
    explain = coach.explain(world.patient, world.today)
    clam = next(d for d in explain.doses if d.exercise == "clamshell")
    assert (clam.level, clam.sets, clam.reps) == (-1, 2, 10)
    changes = services.my_changes(world.patient)
    assert changes[0].author == "carl" and changes[0].text == "gentler"
    today_page = logged_in_client(world.patient).get("/today/")
    assert "From your clinic" in today_page.content.decode()
    assert "carl" in today_page.content.decode()


def _starts(world: World) -> str:
    return f"{world.today.day} {world.today:%b}"  # the clinic's "j M"


def test_a_dose_change_names_the_exercise_once_and_the_variant_after_the_amount(
    world: World,
) -> None:
    """ "Clamshell set to Clamshell with a small opening, 2 x 10 reps" named the exercise as
    what it was set to; the variant is named after the amount, and only when the rung is not
    the exercise itself."""
    variant = services.save_change(world.clinician_a, world.patient.pk, _change(), world.today)
    assert variant.summary == (
        f"Clamshell set to 2 x 10 reps each side as Clamshell with a small opening, "
        f"from {_starts(world)}"
    )
    itself = services.save_change(
        world.clinician_a, world.patient.pk, _change(level=0), world.today
    )
    assert itself.summary == f"Clamshell set to 2 x 10 reps each side from {_starts(world)}"
    assert variant.dose == "Clamshell with a small opening, 2 x 10 reps each side"  # the JSON's


def test_the_pages_the_json_and_the_preview_word_a_dose_change_alike(world: World) -> None:
    """Today, the clinic's patient page and ``/api/me/clinic/changes`` say the change as its
    summary says it (the pages once wrote "set to Clamshell with a small opening, ..."), in
    Bokmål too, and the preview's heading words the proposed change the same way."""
    said = services.save_change(world.clinician_a, world.patient.pk, _change(), world.today)
    words = escape(said.summary)
    assert words in logged_in_client(world.patient).get("/today/").content.decode()
    clinic = logged_in_client(world.clinician_a)
    assert words in clinic.get(f"/clinic/patients/{world.patient.pk}/").content.decode()
    api = logged_in_client(world.patient).get("/api/me/clinic/changes").json()
    assert api[0]["summary"] == said.summary
    form = {"exercise": "clamshell", "level": "-1", "sets": "2", "amount": "10", "note": ""}
    preview = clinic.post(
        f"/clinic/patients/{world.patient.pk}/changes/", form | {"action": "preview"}
    ).content.decode()
    assert f'<h3 id="preview-heading">{words}: the next sessions</h3>' in preview
    assert "set to Clamshell with" not in preview
    patient = logged_in_client(world.patient)
    patient.post("/settings/language/", {"language": "nb", "next": "/today/"})
    norwegian = " ".join(patient.get("/today/").content.decode().split())
    assert "Musling satt til 2 x 10 repetisjoner på hver side som Musling med liten" in norwegian


_HOLD = {"exercise": "clamshell", "level": -2, "sets": 2, "reps": None, "seconds": 20}
_PAUSED_SQUAT = {"replacement": "wall-squat", "level": 1, "sets": 2, "reps": 8}


def test_an_added_or_swapped_in_exercise_is_named_once_and_its_variant_after_the_amount(
    world: World,
) -> None:
    """ "Clamshell (Clamshell hold, 2 x 20 s each side) added ..." and "... swapped for Wall
    half-squat with a ball (Wall squat with a pause, 2 x 8 reps)" named the exercise twice;
    as a dose change does, the variant follows the amount, only when the rung is not the
    exercise itself. A pause and a resume name no exercise and are worded as before."""
    starts = _starts(world)

    def said(**fields: object) -> str:
        data = _change(**{"note": "", **fields})
        return services.save_change(world.clinician_a, world.patient.pk, data, world.today).summary

    hold = said(kind="add", **_HOLD)
    assert hold == (
        f"Clamshell (2 x 20 s each side as Clamshell hold) added to every session from {starts}"
    )
    assert said(kind="add", level=0) == (
        f"Clamshell (2 x 10 reps each side) added to every session from {starts}"
    )
    assert said(kind="add", sets=None) == f"Clamshell added to every session from {starts}"
    squat = said(kind="swap", **_PAUSED_SQUAT)
    assert squat == (
        "Clamshell swapped for Wall half-squat with a ball (2 x 8 reps as Wall squat with a "
        f"pause) from {starts}"
    )
    assert said(kind="swap", **_PAUSED_SQUAT | {"level": 0}) == (
        f"Clamshell swapped for Wall half-squat with a ball (2 x 8 reps) from {starts}"
    )
    assert said(kind="swap", replacement="wall-squat", sets=None) == (
        f"Clamshell swapped for Wall half-squat with a ball from {starts}"
    )
    assert said(kind="pause", exercise="", sets=None) == f"Programme paused from {starts}"
    assert said(kind="resume", exercise="", sets=None) == f"Programme resumed from {starts}"


def test_the_current_doses_name_the_version_the_patient_does_as_their_plan_names_it(
    world: World,
) -> None:
    """Clamshell set to a hold: "Current doses" said "Clamshell: 2 x 20 s each side" while the
    patient does Clamshell hold. Each dose is named as the patient's plan names it
    (``PlanItem.label``), from the catalogue in the page's language; the JSON twin gains the
    version done (slug, name, label) beside the fields it had."""
    services.save_change(
        world.clinician_a, world.patient.pk, _change(note="", **_HOLD), world.today
    )
    hold = default_catalog().get("clamshell").variant(-2)  # type: ignore[union-attr]
    assert hold is not None
    page = services.patient_page(world.clinician_a, world.patient.pk, world.today)
    clam = next(c for c in page.exercises if c.slug == "clamshell")
    assert clam.current_performed_as == hold.slug
    assert clam.current_performed_as_name == hold.name.get("en") == "Clamshell hold"
    assert clam.current_label == "Clamshell hold (easier version of Clamshell)"
    assert clam.current_substitute_for_name is None  # done for the knee, not the equipment
    bridge = next(c for c in page.exercises if c.slug == "glute-bridge")
    assert bridge.current_label == bridge.name  # done as itself
    nb = services.patient_page(world.clinician_a, world.patient.pk, world.today, "nb")
    norsk = next(c for c in nb.exercises if c.slug == "clamshell")
    assert norsk.current_performed_as_name == hold.name.get("nb") != hold.name.get("en")
    assert norsk.current_label == f"{hold.name.get('nb')} (lettere variant av {norsk.name})"
    clinic = logged_in_client(world.clinician_a)
    html = clinic.get(f"/clinic/patients/{world.patient.pk}/").content.decode()
    assert "<li><strong>Clamshell hold (easier version of Clamshell)</strong>: 2 x 20 s" in html
    api = clinic.get(f"/api/clinic/patients/{world.patient.pk}").json()
    shown = next(c for c in api["exercises"] if c["slug"] == "clamshell")
    assert shown["current"]["level"] == -2 and shown["current_text"] == clam.current_text
    assert shown["current_performed_as"] == hold.slug
    assert shown["current_label"] == clam.current_label


def test_a_current_dose_done_as_a_substitute_says_which_equipment_is_not_at_hand(
    world: World,
) -> None:
    """A patient with a mini band but no loop band for the ankles does side steps with the mini
    band: the clinic's page says so, and why, as the patient's plan and Today say it."""
    sam = onboarded("sam", equipment=frozenset({"mat", "wall", "mini-band"}))
    enrol(sam, world.clinician_a)
    page = services.patient_page(world.clinician_a, sam.pk, world.today)
    steps = next(c for c in page.exercises if c.slug == "side-steps")
    assert steps.current_performed_as_name == "Side steps with a mini band"
    assert steps.current_substitute_for_name == "Loop band for the ankles"
    html = logged_in_client(world.clinician_a).get(f"/clinic/patients/{sam.pk}/").content.decode()
    assert (
        "<li><strong>Side steps with a mini band (in place of Side steps with a band; not at "
        f"hand: Loop band for the ankles)</strong>: {steps.current_text}</li>"
    ) in html


def test_the_pages_and_the_json_word_an_addition_and_a_swap_alike_in_both_languages(
    world: World,
) -> None:
    """Today, the clinic's patient page, ``/api/me/clinic/changes`` and the preview's heading
    show the summary, so none of them names the exercise twice; in Bokmål the variant follows
    "som"."""
    added = _change(kind="add", note="", **_HOLD)
    swap = _change(kind="swap", note="", **_PAUSED_SQUAT)
    for data in (added, swap):
        said = services.save_change(world.clinician_a, world.patient.pk, data, world.today)
        words = escape(said.summary)
        assert words in logged_in_client(world.patient).get("/today/").content.decode()
        clinic = logged_in_client(world.clinician_a)
        assert words in clinic.get(f"/clinic/patients/{world.patient.pk}/").content.decode()
        api = logged_in_client(world.patient).get("/api/me/clinic/changes").json()
        assert api[0]["summary"] == said.summary
    form = {"kind": "swap", "exercise": "clamshell", "replacement": "wall-squat", "level": "1"}
    # The swap just saved, proposed again: its heading says what the list says (``words``).
    preview = clinic.post(
        f"/clinic/patients/{world.patient.pk}/changes/",
        form | {"sets": "2", "amount": "8", "note": "", "action": "preview"},
    ).content.decode()
    assert f'<h3 id="preview-heading">{words}: the next sessions</h3>' in preview
    patient = logged_in_client(world.patient)
    patient.post("/settings/language/", {"language": "nb", "next": "/today/"})
    norwegian = " ".join(patient.get("/today/").content.decode().split())
    assert "Musling (2 x 20 s på hver side som Statisk musling) lagt til i hver økt" in norwegian
    assert (
        "Musling byttet med Halv knebøy mot vegg med ball (2 x 8 repetisjoner som Knebøy mot "
        "vegg med pause) fra" in norwegian
    )


def test_a_change_outside_the_catalogue_is_refused_naming_the_field(world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.save_change(world.clinician_a, world.patient.pk, _change(reps=99), world.today)
    assert refused.value.field == "reps"
    with pytest.raises(InvalidInput) as refused:
        services.save_change(world.clinician_a, world.patient.pk, _change(level=9), world.today)
    assert refused.value.field == "level"


def test_notes_are_private_but_in_the_patients_export(world: World) -> None:
    services.add_note(world.clinician_a, world.patient.pk, "check the hip")
    services.send_message(world.clinician_a, world.patient.pk, "keep going")
    assert [c.text for c in services.my_changes(world.patient)] == ["keep going"]
    exported = my_data(world.patient).model_dump(mode="json")
    assert [n["text"] for n in exported["clinic"]["notes"]] == ["check the hip"]
    assert [c["text"] for c in exported["clinic"]["changes"]] == ["keep going"]


def test_views_and_changes_are_audited_for_the_admin_and_the_patient(world: World) -> None:
    services.patient_page(world.clinician_a, world.patient.pk, world.today)
    services.add_note(world.clinician_a, world.patient.pk, "x")
    actions = [r.action for r in services.my_audit(world.patient)]
    assert actions[:2] == ["note_added", "viewed"]
    assert [r.action for r in services.clinic_audit(world.admin_a)][:2] == ["note_added", "viewed"]


def test_deleting_the_account_deletes_what_the_clinic_holds_about_them(world: World) -> None:
    services.add_note(world.clinician_a, world.patient.pk, "x")
    services.send_message(world.clinician_a, world.patient.pk, "y")
    log_day(world.patient, world.today, pain=8)
    delete_account(world.patient)
    for model in (models.Note, models.Message, models.Flag, models.Enrolment, models.AuditEvent):
        assert not model.objects.filter(patient_id=world.patient.pk).exists(), model


def test_the_clinic_admin_manages_clinicians(world: World) -> None:
    member = services.add_clinician(world.admin_a, "dina", "a-long-password-1", "clinician")
    assert services.clinician_of(User.objects.get(username="dina")) is not None
    services.set_clinician_active(world.admin_a, member.id, False)
    assert services.clinician_of(User.objects.get(username="dina")) is None
    with pytest.raises(InvalidInput):
        services.add_clinician(world.admin_a, "eli", "short", "clinician")


def test_a_clinician_cannot_be_enrolled_as_a_patient(world: World) -> None:
    nurse = make_clinician("nurse", world.clinic_b)
    invitation = services.create_invitation(world.clinician_a, timezone.now())
    with pytest.raises(InvalidInput):
        services.accept_invitation(nurse, invitation.code, timezone.now(), world.today)


def test_the_overview_page_and_its_json_twin_agree(world: World) -> None:
    page = logged_in_client(world.clinician_a).get("/clinic/?sort=name")
    value = page.context["page"]
    api = logged_in_client(world.clinician_a).get("/api/clinic/patients?sort=name")
    assert json.loads(value.model_dump_json()) == api.json()


def test_the_clinics_compiled_catalogue_matches_its_source(tmp_path: object) -> None:
    """The committed .mo of the clinic app is compiled from its .po (run msgfmt and commit)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (gettext) is not installed")
    folder = Path(kneecoach.web.clinic.__file__).parent / "locale/nb/LC_MESSAGES"
    fresh = Path(str(tmp_path)) / "django.mo"
    subprocess.run([msgfmt, "--check", "-o", str(fresh), str(folder / "django.po")], check=True)
    with fresh.open("rb") as a, (folder / "django.mo").open("rb") as b:
        expected, committed = gettext.GNUTranslations(a), gettext.GNUTranslations(b)
    # typeshed leaves out GNUTranslations' private _catalog, the one place the messages are
    assert committed._catalog == expected._catalog  # type: ignore[attr-defined]


def test_the_overview_speaks_norwegian(world: World) -> None:
    client = logged_in_client(world.clinician_a)
    client.post("/i18n/setlang/", {"language": "nb", "next": "/clinic/"})
    log_day(world.patient, world.today, pain=8)
    html = client.get("/clinic/").content.decode()
    assert "Pasienter" in html and "smerte 8/10" in html


def test_the_overview_pages_in_sql_and_counts_no_further_than_its_cap(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("ada", "bo", "cy", "di"):
        enrol(User.objects.create_user(name, password="x" * 12), world.clinician_a)
    monkeypatch.setattr(overview_usecase, "PAGE_SIZE", 2)
    monkeypatch.setattr(overview_usecase, "COUNT_CAP", 3)
    first = services.overview(world.clinician_a, world.today, sort="name")
    assert [r.name for r in first.rows] == ["ada", "bo"]
    assert (first.total, first.total_is_lower_bound, first.has_next) == (3, True, True)
    last = services.overview(world.clinician_a, world.today, sort="name", page=3)
    assert [r.name for r in last.rows] == ["olga", "pat"] and not last.has_next
    monkeypatch.setattr(overview_usecase, "COUNT_CAP", 100)
    exact = services.overview(world.clinician_a, world.today, sort="name")
    assert (exact.total, exact.pages, exact.total_is_lower_bound) == (6, 3, False)


def test_the_patient_pages_current_doses_are_worded_in_the_pages_language(world: World) -> None:
    """A Bokmål patient page named each exercise in Bokmål and its dose in English ("3 x 8
    reps each side"); the doses are worded in the page's language, as the preview and the
    decisions are. The JSON gains ``current_text``; ``current.text`` stays English."""
    client = logged_in_client(world.clinician_a)
    client.post("/i18n/setlang/", {"language": "nb", "next": "/clinic/"})
    html = client.get(f"/clinic/patients/{world.patient.pk}/").content.decode()
    doses = html.split('id="doses-heading"')[1].split("</section>")[0]
    choices = [
        c
        for c in services.patient_page(
            world.clinician_a, world.patient.pk, world.today, "nb"
        ).exercises
        if c.current is not None
    ]
    assert choices
    for choice in choices:
        assert choice.current is not None
        assert choice.current_text == coach.dose_words(choice.current, "nb")
        named = choice.current_label  # the version done, as the plan names it
        if choice.current_substitute_for_name:  # no cable machine: the hamstring curl's stand-in
            named = (
                f"{choice.current_performed_as_name} (i stedet for {choice.name}; "
                f"ikke tilgjengelig: {choice.current_substitute_for_name})"
            )
        assert f"<strong>{escape(named)}</strong>: {escape(choice.current_text)}" in doses
    assert any(c.current_substitute_for_name for c in choices)
    assert "repetisjoner" in doses
    assert " reps" not in doses
