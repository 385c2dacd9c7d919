"""``kneecoach questionnaire list|fill|scores`` and ``kneecoach export --format ics|pdf|fhir``."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pypdf
import pytest
from fhir.resources.R4B.bundle import Bundle

from kneecoach.web.outcomes.models import QuestionnaireResponse
from tests.cli.conftest import Cli
from tests.cli.test_commands import INIT, START, one_line_error

pytestmark = pytest.mark.django_db
ANSWERS = ("P1=2", "P5=2", "P6=3", "P8=1", "A4=1", "A3=2", "A7=2", "SP4=3", "Q1=3", "Q2=2")


@pytest.fixture
def onboarded(cli: Cli) -> Cli:
    result = cli(*INIT)
    assert result.code == 0, result.err
    return cli


def answer_args(*pairs: str) -> list[str]:
    return [arg for pair in pairs for arg in ("--answer", pair)]


def test_list_shows_the_baseline_forms_due(onboarded: Cli) -> None:
    result = onboarded("questionnaire", "list", "--date", START)
    assert result.code == 0, result.err
    lines = {line.split()[0]: line for line in result.out.splitlines()}
    assert "due now" in lines["koos12"] and "due now" in lines["nprs"]
    assert "due now" not in lines["pgic"]
    assert "(1 question)" in lines["nprs"]


def test_fill_prints_the_scores_and_saves_them(onboarded: Cli) -> None:
    result = onboarded("questionnaire", "fill", "koos12", *answer_args(*ANSWERS), "-d", START)
    assert result.code == 0, result.err
    assert "KOOS-12 Pain: 50" in result.out
    assert "KOOS-12 Quality of life: 37.5" in result.out  # Q1, Q2 answered: 2 of 4, imputed
    row = QuestionnaireResponse.objects.get()
    assert row.answers["Q3"] is None and row.answers["P1"] == 2


def test_bad_answers_are_one_line_errors_and_save_nothing(onboarded: Cli) -> None:
    error = one_line_error(onboarded("questionnaire", "fill", "koos12", "-a", "P1=9", "-d", START))
    assert error == "error: P1: answer one of 0, 1, 2, 3, 4, got 9"
    error = one_line_error(onboarded("questionnaire", "fill", "koos12", "-a", "P1", "-d", START))
    assert error.startswith("error: --answer:")
    error = one_line_error(onboarded("questionnaire", "fill", "oks", "-a", "x=1", "-d", START))
    assert error.startswith("error: questionnaire: unknown questionnaire 'oks'")
    error = one_line_error(onboarded("questionnaire", "fill", "nprs", "-d", START))
    assert "no terminal to ask on" in error
    assert not QuestionnaireResponse.objects.exists()


def test_a_response_no_scale_can_score_is_refused_and_stays_due(
    onboarded: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter on all 12 KOOS-12 questions scores nothing: one line, exit 1, nothing saved, still
    due."""
    import typer

    from kneecoach.cli import prompts as cli_module

    monkeypatch.setattr(cli_module, "interactive", lambda: True)
    monkeypatch.setattr(typer, "prompt", lambda *args, **kwargs: "")
    error = one_line_error(onboarded("questionnaire", "fill", "koos12", "-d", START))
    assert error.startswith("error: answers: too few answers for any score")
    error = one_line_error(onboarded("questionnaire", "fill", "koos12", "-a", "Q1=2", "-d", START))
    assert error.startswith("error: answers: too few answers for any score")
    assert not QuestionnaireResponse.objects.exists()
    listed = onboarded("questionnaire", "list", "--date", START).out
    assert "due now" in next(line for line in listed.splitlines() if line.startswith("koos12"))


def test_scores_show_the_change_against_the_mic(onboarded: Cli) -> None:
    assert onboarded("questionnaire", "fill", "nprs", "-a", "pain=6", "-d", START).code == 0
    later = "2026-11-30"
    assert onboarded("questionnaire", "fill", "nprs", "-a", "pain=3", "-d", later).code == 0
    result = onboarded("questionnaire", "scores", "--date", later)
    assert result.code == 0, result.err
    assert "Pain (0-10): 2 Nov 6, 30 Nov 3; change -3, MIC 2 (important improvement)" in result.out
    as_json = json.loads(onboarded("questionnaire", "scores", "--json", "--date", later).out)
    assert as_json["series"][0]["important_improvement"] is True
    assert as_json["due_now"]["week"] == 4


def test_export_ics_pdf_and_fhir(onboarded: Cli, tmp_path: Path) -> None:
    ics = onboarded("export", "--format", "ics", "--date", START)
    assert ics.code == 0, ics.err
    assert icalendar.Calendar.from_ical(ics.out).walk("VEVENT")
    target = tmp_path / "handout.pdf"
    pdf = onboarded("export", "-f", "pdf", "-o", str(target), "--date", START)
    assert pdf.code == 0, pdf.err
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(target).pages)
    assert "Logging sheet" in text
    fhir = onboarded("export", "-f", "fhir", "--date", START)
    assert fhir.code == 0, fhir.err
    assert Bundle.model_validate_json(fhir.out).type == "collection"
    assert "use json, csv, ics, pdf, fhir" in one_line_error(onboarded("export", "-f", "xml"))


def test_fill_asks_one_question_at_a_time_on_a_terminal(
    onboarded: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import typer

    from kneecoach.cli import prompts as cli_module

    replies = iter(["11", "4"])  # off the scale: asked again; then 4
    monkeypatch.setattr(cli_module, "interactive", lambda: True)
    monkeypatch.setattr(typer, "prompt", lambda *args, **kwargs: next(replies))
    result = onboarded("questionnaire", "fill", "nprs", "-d", START)
    assert result.code == 0, result.err
    assert "Type a number from 0 to 10" in result.out
    assert "Pain (0-10): 4" in result.out
    assert QuestionnaireResponse.objects.get().answers == {"pain": 4}
