"""The camera coach's two forms: a video for a set, and the count to put into the set."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kneecoach.programme import limits


class VideoForm(forms.Form):
    video = forms.FileField(
        label=_("Video of the set"),
        help_text=_(
            "One set, the whole body in the picture, the phone steady. MP4, MOV, WebM, MKV or AVI."
        ),
        error_messages={"required": _("Choose the video file."), "empty": _("The file is empty.")},
        widget=forms.ClearableFileInput(attrs={"accept": "video/*", "capture": "environment"}),
    )
    keep = forms.BooleanField(
        label=_("Keep the video after the analysis"),
        help_text=_("Off: the video is deleted as soon as it has been analysed."),
        required=False,
    )


class ConfirmForm(forms.Form):
    """The count to save into the set: the coach's, or the person's correction of it."""

    def __init__(self, *args: Any, unit: str = "reps", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"] = forms.IntegerField(
            label=_("Seconds") if unit == "seconds" else _("Reps"),
            min_value=0,
            max_value=limits.SECONDS_MAX if unit == "seconds" else limits.REPS_MAX,
        )
