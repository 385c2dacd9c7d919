"""Keep what MediaPipe prints to itself while the model runs (the CLI and the web worker)."""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from kneecoach.errors import KneecoachError


@contextmanager
def native_logs_held() -> Iterator[None]:
    """Hold back what MediaPipe's C++ code logs to stderr while the model runs.

    TensorFlow Lite and absl print several INFO and W0000 lines per run straight to file
    descriptor 2 (no environment variable silences them): on the command line they would
    bury the one-line error the CLI promises, and in the web worker's log they would come
    with every video. They go to a temporary file instead; if the analysis fails in an
    unexpected way (not one of ours) they are written back, since they may say why.
    MediaPipe 0.10.14 also calls a protobuf method that protobuf 4.25 marks deprecated
    (``SymbolDatabase.GetPrototype``), a warning about MediaPipe's code that its users can
    do nothing about; it is ignored here and only here.
    """
    sys.stderr.flush()
    with tempfile.TemporaryFile() as held, warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore",
            message=r"SymbolDatabase\.GetPrototype\(\) is deprecated",
            category=UserWarning,
        )
        saved = os.dup(2)
        os.dup2(held.fileno(), 2)
        failed_oddly = False
        try:
            yield
        except KneecoachError:
            raise
        except BaseException:
            failed_oddly = True
            raise
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            if failed_oddly:
                held.seek(0)
                os.write(2, held.read())
