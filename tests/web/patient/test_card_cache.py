"""The Today page's exercise cards are reused from the cache only while everything they show is
unchanged: a logged set, another language or a refused form render them again."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string

from kneecoach.web.coach import services as coach
from kneecoach.web.patient.views import cards as card_views
from tests.web.access import logged_in_client
from tests.web.patient.conftest import onboarded, today_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The cards rendered from the template (cache misses), by exercise."""
    cache.clear()
    seen: list[str] = []
    original = render_to_string  # what cards.py imported

    def counting(
        name: str, context: dict[str, Any] | None = None, *args: Any, **kwargs: Any
    ) -> str:
        if name == "patient/_exercise_card.html":
            assert context is not None
            seen.append(context["item"].exercise)
        return original(name, context, *args, **kwargs)

    monkeypatch.setattr(card_views, "render_to_string", counting)
    return seen


def test_an_unchanged_card_is_reused_and_each_request_gets_its_own_csrf_token(
    renders: list[str],
) -> None:
    user = onboarded("cache-carl")
    client = logged_in_client(user)
    first = client.get("/today/")
    cards = len(renders)
    assert cards >= 5
    second = client.get("/today/")
    assert len(renders) == cards  # nothing rendered again
    assert card_views.CSRF_SLOT.encode() not in second.content
    assert (
        first.content.count(b'name="csrfmiddlewaretoken"')
        == second.content.count(b'name="csrfmiddlewaretoken"')
        > cards
    )


def test_a_logged_set_renders_only_its_own_card_again(renders: list[str]) -> None:
    user = onboarded("cache-cora")
    client = logged_in_client(user)
    client.get("/today/")
    before = len(renders)
    day = today_for(user)
    item = coach.today(user, day).items[0]
    side = item.sides[0] if item.sides else None
    data = coach.SetInput(
        item.exercise,
        1,
        pain=2,
        side=side,
        reps=None if item.dose.seconds else 9,
        seconds=item.dose.seconds,
    )
    coach.log_set(user, day, data, today_=day)
    page = client.get("/today/")
    assert renders[before:] == [item.exercise]
    assert b"2/10" in page.content


def test_another_language_renders_the_cards_again_in_it(renders: list[str]) -> None:
    user = onboarded("cache-nils")
    client = logged_in_client(user)
    client.get("/today/")
    before = len(renders)
    client.cookies["django_language"] = "nb"
    page = client.get("/today/", headers={"accept-language": "nb"})
    assert len(renders) == 2 * before
    assert b"Registrer settet" in page.content and b"Log this set" not in page.content


def test_a_refused_set_form_is_shown_with_its_error_and_never_cached(renders: list[str]) -> None:
    user = onboarded("cache-rita")
    client = logged_in_client(user)
    day = today_for(user)
    item = coach.today(user, day).items[0]
    response = client.post(
        f"/today/{day.isoformat()}/sets/",
        {
            "exercise": item.exercise,
            "set_number": "1",
            "pain": "11",
            "side": item.sides[0] if item.sides else "",
            "reps": "8",
        },
    )
    assert response.status_code == 422
    again = client.get("/today/")
    assert b"field-errors" in response.content and b"field-errors" not in again.content


def test_a_cached_card_is_not_reused_for_a_substitute_standing_in_for_other_equipment(
    renders: list[str],
) -> None:
    """Two people do the same loop-band curl in place of the cable curl: one has no cable
    machine, the other a cable machine but no ankle strap. Dose, sides and figure are the same;
    the reason the card gives is not, so the second card is rendered, not taken from the cache."""
    no_cable = onboarded("cache-cato")
    no_strap = onboarded("cache-stig", equipment={"mat", "ankle-band", "cable-machine"})
    day = today_for(no_cable)
    curl, other = (
        next(i for i in coach.today(person, day).items if i.exercise == "hamstring-curl")
        for person in (no_cable, no_strap)
    )
    assert other != curl  # only the reason differs:
    assert (
        replace(
            other, substitute_for=curl.substitute_for, substitute_for_name=curl.substitute_for_name
        )
        == curl
    )
    first = logged_in_client(no_cable).get("/today/").content.decode()
    second = logged_in_client(no_strap).get("/today/").content.decode()
    assert renders.count("hamstring-curl") == 2
    assert "needs something you do not have at hand: Cable machine with a low pulley." in first
    assert "needs something you do not have at hand: Ankle strap for the cable." in second
