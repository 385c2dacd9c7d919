"""People with a profile (the insights tests' fixtures) for the questionnaire tests."""

from tests.web.insights.conftest import other, owner, today

__all__ = ["other", "owner", "today"]
