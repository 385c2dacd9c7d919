"""kneecoach: a pain-guided knee exercise programme for patients and clinicians."""

__version__ = "0.1.0"
