"""The garbage collector paused while the command line's own modules import.

Every command starts by importing ``kneecoach.cli``: Typer with its vendored click, the loader,
the options (~45 ms). The collections during that import walked the interpreter's start-up
objects again and again (~4 ms of each run of ``kneecoach today``: ~26 young and 2 older
collections); importing makes next to no cyclic garbage. So the package imports this module
first, which pauses the collector, and resumes it at its end (``resume_after_import``);
``loader.pause_collection`` then pauses it again while the console script loads its command.
An in-process importer (the tests) finds the collector as it left it.
"""

from __future__ import annotations

import gc

_PAUSED_BY_IMPORT = gc.isenabled()
gc.disable()


def resume_after_import() -> None:
    """The collector enabled again where importing the package paused it."""
    if _PAUSED_BY_IMPORT:
        gc.enable()
