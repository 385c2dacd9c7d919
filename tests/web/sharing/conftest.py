"""People with a profile and a diary (the insights tests' fixtures) for the sharing tests."""

from tests.web.insights.conftest import other, owner, today

__all__ = ["other", "owner", "today"]
