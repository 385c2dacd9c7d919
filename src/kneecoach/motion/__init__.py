"""The camera coach: from a video of one set to the reps counted, how deep each went and the
form faults seen (docs/camera.md). It needs the optional ``camera`` extra.

The lazy-import rule, written down here once for the camera side (``kneecoach.motion``,
``kneecoach.web.camera``, their tests and ``bench/camera.py``): every import sits at the top of
its module, except these, which are made inside the function that needs them.

- The camera extra, so that what does not need it loads without it (the web app, the CLI, the
  tests that skip with a reason): numpy, scipy, OpenCV (``cv2``) and mediapipe, and our modules
  that import them when loaded: ``pose``, ``track``, ``signals``, ``counting``, ``exercises``,
  ``analysis``, ``annotate`` and the tests' renderer in ``tests.support``. Modules that
  need numpy anyway import it at the top, and load scipy, OpenCV and mediapipe where they are
  used, which keeps their import cheap.
- ``command`` (``kneecoach analyse``) is imported at every start of the CLI, so it follows the
  CLI's own rule (``kneecoach.cli``): Rich, pydantic (``messages``) and what runs only with the
  command load inside it; at the top they would add half a second to ``kneecoach --help``.
"""
