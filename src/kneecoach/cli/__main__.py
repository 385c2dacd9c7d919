"""``python -m kneecoach.cli``: the console script."""

from kneecoach.cli import run

run()
