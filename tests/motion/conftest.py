"""Camera tests skip, saying why, when the camera extra (mediapipe) is not installed.

That is why the tests import the extra, and the modules that need it, inside each test: the
lazy-import rule in ``kneecoach.motion``'s docstring.
"""

from __future__ import annotations

import importlib.util

import pytest

HAS_NUMPY = all(importlib.util.find_spec(m) for m in ("numpy", "scipy"))
HAS_CAMERA = HAS_NUMPY and all(importlib.util.find_spec(m) for m in ("cv2", "mediapipe"))

needs_numpy = pytest.mark.skipif(
    not HAS_NUMPY, reason="numpy/scipy missing: install the camera extra"
)
needs_camera = pytest.mark.skipif(
    not HAS_CAMERA, reason="mediapipe or OpenCV missing: make .venv/.installed-camera"
)
