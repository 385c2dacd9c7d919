"""Who is asking: users (found or created) and their profiles as read."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from kneecoach.errors import InvalidInput, NotFound
from kneecoach.web.coach import models
from kneecoach.web.coach.repository import User, load_profile, read_profile
from kneecoach.web.coach.schemas import ProfileView


def resolve_user(username: str | None) -> User:
    """The user called ``username``; without a name, the only user who has a profile.

    One local person is the common case for the CLI, so it needs no ``--user``.
    """
    user_model = get_user_model()
    if username:
        try:
            return user_model.objects.get(username=username)
        except user_model.DoesNotExist:
            raise NotFound(
                f"no user {username!r}; run `kneecoach init --user {username}` first",
                field="user",
            ) from None
    # One query in the common case (one person): the users who have a profile, two at most;
    # every terminal command starts here, `today` included.
    users = list(user_model.objects.filter(kneecoach_profile__isnull=False)[:2])
    if not users:
        raise NotFound("no profile yet; run `kneecoach init` (or `kneecoach demo`)", field="user")
    if len(users) > 1:
        names = models.Profile.objects.order_by("user__username").values_list(
            "user__username", flat=True
        )
        raise InvalidInput(
            f"several profiles exist ({', '.join(names)}); "
            "choose one with --user or KNEECOACH_USER",
            field="user",
        )
    return users[0]


def ensure_user(username: str, password: str | None = None) -> User:
    """The user called ``username``, created (with an unusable password unless given) if new."""
    if not username or len(username) > 150:
        raise InvalidInput("a user name of 1 to 150 characters is needed", field="user")
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username)
    if created or password is not None:
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save()
    return user


def get_profile(user: User) -> ProfileView:
    return profile_view(load_profile(user))


def find_profile(user: User) -> ProfileView | None:
    """The person's profile, or None before onboarding (one query)."""
    profile = read_profile(user)
    return profile_view(profile) if profile is not None else None


def profile_record(user: User) -> models.Profile | None:
    """The profile row itself (its user joined), or None before onboarding: one query. The one
    use case that hands out a model instance: a request edge reads the profile once with it
    and passes it to the use cases of that request (``today``, the outcomes' ``due_notice``),
    which would each read it again. Never kept beyond the request."""
    return read_profile(user)


def require_profile_record(user: User) -> models.Profile:
    """``profile_record`` for the apps beside the coach (outcomes, sharing), which cannot act
    before onboarding: the row, or the coach's own ``NotFound`` naming the user (``load_profile``:
    worded for every surface, the web's pages and API as well as the terminal)."""
    return load_profile(user)


def has_profile(user: User) -> bool:
    return models.Profile.objects.filter(user_id=user.pk).exists()


def profile_view(profile: models.Profile) -> ProfileView:
    return ProfileView(
        username=profile.user.get_username(),
        uuid=str(profile.uuid),
        trained=profile.trained,
        start_date=profile.start_date,
        painful_side=profile.painful_side,
        equipment=tuple(profile.equipment),
        weekdays=tuple(profile.weekdays),
        baseline_pain=profile.baseline_pain,
        language=profile.language,
        time_zone=profile.time_zone,
        screening_status=profile.screening_status,
    )
