"""Account forms: Django's own where they fit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from kneecoach.programme.limits import EMAIL_MAX, TOKEN_NAME_MAX


class SignUpForm(UserCreationForm[User]):
    """A user name, an optional e-mail address (for password reset) and a password twice."""

    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_("Only used to reset your password if you forget it."),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class EmailForm(forms.Form):
    """The e-mail address for password reset, added later by a person who skipped it."""

    email = forms.EmailField(
        label=_("E-mail for password reset"),
        required=False,
        max_length=EMAIL_MAX,
        help_text=_(
            "Only used to reset your password if you forget it. Leave it empty to remove it."
        ),
        error_messages={"invalid": _("Enter an e-mail address such as name@example.com.")},
    )


class DeleteAccountForm(forms.Form):
    """Asks for the password, so a borrowed, logged-in phone cannot delete the account."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=TOKEN_NAME_MAX,
        help_text=_("For example the app or script that will use it."),
    )
