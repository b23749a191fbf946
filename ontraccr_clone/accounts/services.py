from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from ontraccr_clone.accounts.live import live_role_changed
from ontraccr_clone.accounts.models import Company, User
from ontraccr_clone.accounts.realtime import user_sockets_close, user_sockets_reconnect


def require_admin(actor: User, *, to: str) -> None:
    """Refuse a member what only a company admin may do, saying what it was."""
    if not actor.is_admin:
        raise PermissionDenied(f"Only company admins can {to}.")


def require_same_company(actor: User, *objects: Any) -> None:
    """Refuse an object of another company as if it did not exist, whoever called the service."""
    company_id = actor.tenant.pk
    for instance in objects:
        if instance.company_id != company_id:
            raise Http404(f"No {instance._meta.object_name} matches the given query.")


def _name_taken_message(instance: Any) -> str:
    return f'A {instance._meta.verbose_name} named "{instance.name}" already exists.'


def require_unique_name(instance: Any) -> None:
    """Refuse a name that another row of the company has (ignoring case), as a field error."""
    taken = (
        type(instance)
        ._default_manager.filter(company_id=instance.company_id, name__iexact=instance.name)
        .exclude(pk=instance.pk)
        .exists()
    )
    if taken:
        raise ValidationError({"name": _name_taken_message(instance)})


def save_with_unique_name(instance: Any) -> None:
    """Save a company's row whose name must be unique in the company (ignoring case), reporting
    a taken name as a field error, also when another request takes it at the same moment."""
    require_unique_name(instance)
    message = _name_taken_message(instance)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise ValidationError({"name": message}) from error


@transaction.atomic
def company_create(*, name: str) -> Company:
    """Create a tenant."""
    return Company.objects.create(name=name)


@transaction.atomic
def user_create(
    *, company: Company, email: str, password: str, name: str = "", role: str = User.Role.MEMBER
) -> User:
    """Create a user of a company; the email is unique across all companies and the password
    passes the configured validators."""
    user = User(email=User.objects.normalize_email(email).lower(), name=name, company=company)
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    return User.objects.create_user(
        email=email, password=password, name=name, company=company, role=role
    )


def _send_after_commit(*, subject: str, body: str, to: str) -> None:
    """Email once the change it announces is saved; never for a rolled-back one."""
    transaction.on_commit(lambda: send_mail(subject, body, None, [to]))


def _password_link(*, site_url: str, page: str, user: User) -> str:
    """A one-time link to the app's page that sets the person's password; it stops working
    once the password changes (Django's token generator signs the current password hash)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return f"{site_url.rstrip('/')}/{page}/{uid}/{token}"


def _send_invitation(*, actor: User, person: User, site_url: str) -> None:
    link = _password_link(site_url=site_url, page="invitation", user=person)
    _send_after_commit(
        subject=f"{actor.display_name} invited you to {actor.tenant.name} on Ontraccr Clone",
        body=(
            f"Hello {person.name or person.email},\n\n"
            f"{actor.display_name} invited you to join {actor.tenant.name} on Ontraccr Clone "
            f"as {person.get_role_display().lower()}.\n\n"
            f"Set your password to sign in:\n{link}\n\n"
            "The link works once and expires in a few days; ask for a new one if it has.\n"
        ),
        to=person.email,
    )


def _require_another_active_admin(person: User, *, field: str) -> None:
    """Keep at least one admin who can sign in: locks the company's admins so that two admins
    demoting each other at the same moment cannot leave the company with none."""
    admins = list(
        User.objects.select_for_update()
        .filter(company=person.tenant, role=User.Role.ADMIN, is_active=True)
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .order_by("pk")
    )
    if not any(admin.pk != person.pk for admin in admins):
        raise ValidationError({field: "The company needs at least one active admin."})


def _send_already_has_account(*, actor: User, person: User, site_url: str) -> None:
    site = site_url.rstrip("/")
    _send_after_commit(
        subject=(
            f"{actor.display_name} tried to invite you to {actor.tenant.name} on Ontraccr Clone"
        ),
        body=(
            f"Hello {person.name or person.email},\n\n"
            f"{actor.display_name} tried to invite you to join {actor.tenant.name} on "
            "Ontraccr Clone, but you already have an account with this email address, and an "
            "account belongs to one company. Nothing has changed in your account.\n\n"
            f"Sign in:\n{site}/signin\n\n"
            f"Forgot your password? Choose a new one here:\n{site}/forgot-password\n"
        ),
        to=person.email,
    )


@transaction.atomic
def person_invite(*, actor: User, email: str, name: str, role: str, site_url: str) -> None:
    """Add a person to the actor's company and email them a link to set their password.

    Whether the email has an account in another company is not the actor's to know: the answer is
    the same, and the account's owner is emailed that somebody tried to invite them."""
    require_admin(actor, to="invite people")
    email = User.objects.normalize_email(email).lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                person = User.objects.create_user(
                    email=email, password=None, name=name, company=actor.tenant, role=role
                )
        except IntegrityError:
            existing = User.objects.get(email__iexact=email)  # invited at this very moment
        else:
            _send_invitation(actor=actor, person=person, site_url=site_url)
            return
    if existing.company_id == actor.tenant.pk:
        raise ValidationError({"email": "This person is already in your company."})
    _send_already_has_account(actor=actor, person=existing, site_url=site_url)


@transaction.atomic
def person_invitation_resend(*, actor: User, person: User, site_url: str) -> User:
    """Send a new invitation link; the earlier ones stop working."""
    require_admin(actor, to="invite people")
    require_same_company(actor, person)
    if not person.is_invited:
        raise ValidationError("This person has already set a password.")
    person.set_unusable_password()
    person.save(update_fields=["password"])
    _send_invitation(actor=actor, person=person, site_url=site_url)
    return person


@transaction.atomic
def person_role_change(*, actor: User, person: User, role: str) -> User:
    """Make a person an admin or a member; the last active admin stays one."""
    require_admin(actor, to="change roles")
    require_same_company(actor, person)
    if role != User.Role.ADMIN and person.role == User.Role.ADMIN:
        _require_another_active_admin(person, field="role")
    person.role = role
    person.save(update_fields=["role"])
    live_role_changed(user=person)
    return person


@transaction.atomic
def person_deactivate(*, actor: User, person: User) -> User:
    """Stop a person from signing in and end their sessions; their forms and history stay."""
    require_admin(actor, to="deactivate people")
    require_same_company(actor, person)
    if person.pk == actor.pk:
        raise ValidationError("You cannot deactivate yourself.")
    if person.role == User.Role.ADMIN:
        _require_another_active_admin(person, field="non_field_errors")
    person.is_active = False
    person.session_generation += 1
    person.save(update_fields=["is_active", "session_generation"])
    user_sockets_close(user_id=person.pk)
    return person


@transaction.atomic
def person_reactivate(*, actor: User, person: User) -> User:
    """Let a deactivated person sign in again (with the password they had)."""
    require_admin(actor, to="reactivate people")
    require_same_company(actor, person)
    person.is_active = True
    person.save(update_fields=["is_active"])
    return person


@transaction.atomic
def password_reset_request(*, email: str, site_url: str) -> None:
    """Email a link to set a new password; says nothing about whether the email is known."""
    person = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if person is None:
        return
    link = _password_link(site_url=site_url, page="reset-password", user=person)
    _send_after_commit(
        subject="Reset your Ontraccr Clone password",
        body=(
            f"Hello {person.name or person.email},\n\n"
            "Somebody asked to reset the password of your Ontraccr Clone account. "
            f"Choose a new password here:\n{link}\n\n"
            "The link works once and expires in a few days. "
            "If you did not ask for it, ignore this email: your password stays as it is.\n"
        ),
        to=person.email,
    )


@transaction.atomic
def password_set_with_link(*, uid: str, token: str, password: str) -> User:
    """Set a password from an invitation or reset link, which then stops working, as do the
    sessions and websockets signed in with the old password."""
    try:
        pk = int(urlsafe_base64_decode(uid).decode())
    except (ValueError, UnicodeDecodeError):
        pk = None
    person = User.objects.filter(pk=pk, is_active=True).first() if pk else None
    if person is None or not default_token_generator.check_token(person, token):
        raise ValidationError({"token": "This link is invalid or has expired. Ask for a new one."})
    _validate_new_password(password, person, field="password")
    person.set_password(password)
    person.save(update_fields=["password"])
    user_sockets_reconnect(user_id=person.pk)
    return person


def _validate_new_password(password: str, person: User, *, field: str) -> None:
    try:
        validate_password(password, person)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


@transaction.atomic
def profile_update(*, actor: User, name: str) -> User:
    """A person changes their own name."""
    actor.name = name.strip()
    actor.save(update_fields=["name"])
    return actor


@transaction.atomic
def password_change(*, actor: User, current_password: str, new_password: str) -> User:
    """A person changes their own password; their other sessions, and their websockets, end with
    the old one."""
    if not actor.check_password(current_password):
        raise ValidationError({"current_password": "Your current password is incorrect."})
    _validate_new_password(new_password, actor, field="new_password")
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    user_sockets_reconnect(user_id=actor.pk)
    return actor
