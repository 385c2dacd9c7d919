"""What happens when a password changes: the person's API tokens are revoked.

Django has no "password changed" signal, but it calls ``password_changed(password, user)`` on
every entry of ``AUTH_PASSWORD_VALIDATORS`` after a new password is saved: by the password change
page, the reset link's page, the admin and ``changepassword`` alike, and not when a stored hash is
only upgraded at log-in. Hooking that one call covers every way a password changes, where
overriding the two pages' views would miss the others. Its help text is shown under every
"new password" field, which is where a person choosing one needs to read it.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from kneecoach.web.accounts.usecases import revoke_all_tokens


class RevokeApiTokensOnPasswordChange:
    """Not a rule about passwords (it accepts every one): it revokes the tokens afterwards."""

    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        return None

    def password_changed(self, password: str, user: AbstractBaseUser | None = None) -> None:
        """A token is an app's password, made while the old password was in force: whoever
        changes a password because it may have leaked must not leave the tokens working."""
        if user is not None and user.pk is not None:
            revoke_all_tokens(user)

    def get_help_text(self) -> str:
        return _(
            "When your password changes, your API tokens are revoked and you are logged out "
            "everywhere else."
        )
