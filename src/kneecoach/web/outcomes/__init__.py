"""Outcome questionnaires (KOOS, KOOS-12, NPRS, PGIC): the schedule, filling them in, scores."""
