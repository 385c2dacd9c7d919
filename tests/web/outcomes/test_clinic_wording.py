"""A clinic's licensed KOOS wording: the file format in the data dir, its validation, the
start-up check, and the questionnaire working end to end with the loaded text
(docs/outcomes.md, Licences and the KOOS wording)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import checks

from kneecoach.errors import InvalidInput
from kneecoach.programme.questionnaires import QUESTIONNAIRES
from kneecoach.web.outcomes import checks as wording_checks
from kneecoach.web.outcomes import services
from kneecoach.web.outcomes.models import QuestionnaireResponse
from kneecoach.web.outcomes.usecases import wording
from tests.web.access import logged_in_client, token_client

KOOS12_IDS = [item.id for item in QUESTIONNAIRES["koos12"].items]
ANSWERS = dict.fromkeys(KOOS12_IDS, 1)  # every scale 75


@pytest.fixture
def wording_dir() -> Iterator[Path]:
    folder = Path(settings.CONFIG.data_dir) / services.WORDING_DIR
    folder.mkdir(parents=True, exist_ok=True)
    wording.load_wording_file.cache_clear()
    yield folder
    for path in folder.glob("*.toml"):
        path.unlink()
    wording.load_wording_file.cache_clear()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def full_wording(folder: Path) -> None:
    lines = "\n".join(f'{item} = "Licensed text of {item}"' for item in KOOS12_IDS)
    write(folder, "koos12.en.toml", f"[items]\n{lines}\n")


@pytest.mark.django_db
def test_the_loaded_wording_works_end_to_end_on_the_page(wording_dir: Path, owner: User) -> None:
    full_wording(wording_dir)
    client = logged_in_client(owner)
    page = client.get("/outcomes/koos12/")
    assert page.status_code == 200
    for item in KOOS12_IDS:
        assert f"Licensed text of {item}".encode() in page.content
    assert b"your clinic can load the official wording" not in page.content
    saved = client.post("/outcomes/koos12/", {k: str(v) for k, v in ANSWERS.items()})
    assert saved.status_code == 302
    row = QuestionnaireResponse.objects.get()
    assert row.answers == ANSWERS
    page = client.get("/outcomes/")
    assert [s.value for s in page.context["page"].responses[0].scores] == [75.0] * 4


@pytest.mark.django_db
def test_the_api_serves_the_loaded_wording(wording_dir: Path, owner: User) -> None:
    full_wording(wording_dir)
    body = token_client(owner).get("/api/questionnaires/koos12").json()
    assert body["official_wording"] is True
    assert body["items"][0]["text"] == "Licensed text of P1"


def test_a_language_without_a_file_keeps_the_summaries(wording_dir: Path) -> None:
    full_wording(wording_dir)
    form = services.questionnaire_form("koos12", "nb")
    assert not form.official_wording
    assert "Licensed" not in form.items[0].text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[items]\nP1 = "x"\nP2 = "y"\n', "koos12 has no item 'P2'"),
        ('[items]\nP1 = "  "\n', "item P1 needs its text"),
        ("[items]\nP1 = 3\n", "item P1 needs its text"),
        ('[item]\nP1 = "x"\n', "unknown table 'item'"),
        ('items = "P1"\n', "[items] must map item ids to texts"),
        ('[items\nP1 = "x"\n', "is not valid TOML"),
    ],
    ids=["unknown-item", "blank-text", "not-text", "misspelt-table", "not-a-table", "bad-toml"],
)
def test_a_wrong_file_is_refused_naming_the_problem(
    wording_dir: Path, content: str, message: str
) -> None:
    write(wording_dir, "koos12.en.toml", content)
    with pytest.raises(InvalidInput) as error:
        services.questionnaire_form("koos12", "en")
    assert message in str(error.value)


def test_the_start_up_check_reports_bad_files_for_the_operator(wording_dir: Path) -> None:
    full_wording(wording_dir)
    assert services.wording_problems() == []
    write(wording_dir, "koos.en.toml", '[items]\nP10 = "x"\n')
    write(wording_dir, "oks.en.toml", '[items]\nQ1 = "x"\n')
    # The check itself, as registered: run_checks() would also run every model check, which
    # reads the database and is refused after the browser tests left an event loop running.
    assert wording_checks.check_clinic_wording in checks.registry.registry.get_checks()
    errors = [e for e in wording_checks.check_clinic_wording(None) if e.id == "outcomes.E001"]
    assert len(errors) == 2
    assert "koos has no item 'P10'" in errors[0].msg
    assert "name it <form>.<language>.toml" in errors[1].msg
