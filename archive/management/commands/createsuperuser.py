"""createsuperuser that checks the password against AUTH_PASSWORD_VALIDATORS with --noinput.

Django checks a typed password, but takes DJANGO_SUPERUSER_PASSWORD as it is, so a script
(`docker compose run ... createsuperuser --noinput`) could create an editor with the
password `admin`. This refuses it, with the validators' reasons.
"""

import os

from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not options["interactive"] and password:
            try:
                validate_password(password, self._user_from(options))
            except ValidationError as error:
                raise CommandError(
                    "DJANGO_SUPERUSER_PASSWORD is not accepted: " + " ".join(error.messages)
                ) from None
        super().handle(*args, **options)

    def _user_from(self, options):
        """An unsaved user with the given attributes, for the similarity validator."""
        fields = {}
        for name in (self.UserModel.USERNAME_FIELD, *self.UserModel.REQUIRED_FIELDS):
            value = options.get(name) or os.environ.get(f"DJANGO_SUPERUSER_{name.upper()}")
            if value and not self.UserModel._meta.get_field(name).many_to_many:
                fields[name] = value
        return self.UserModel(**fields)
