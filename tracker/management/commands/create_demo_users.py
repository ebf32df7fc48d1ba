from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from tracker.roles import ADMIN, ANALYST, CURATOR

# Local demo accounts only: the command refuses to run unless DEBUG is on.
DEMO_USERS = [
    (ANALYST, "analyst", "demo-analyst-pw", False),
    (CURATOR, "curator", "demo-curator-pw", True),
    (ADMIN, "admin", "demo-admin-pw", True),
]


class Command(BaseCommand):
    help = "Create the analyst, curator and admin demo accounts (DEBUG only; safe to re-run)."

    def handle(self, *args, **options):
        # manage.py defaults to DEBUG=1, so DEBUG alone is no proof of a laptop: demo
        # accounts with known passwords go only into the default SQLite database.
        if (
            not settings.DEBUG
            or settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"
        ):
            raise CommandError(
                "Demo accounts are for local development only: DEBUG=1 on SQLite (no DATABASE_URL)."
            )
        User = get_user_model()
        for role, username, password, is_staff in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
            user.is_staff = is_staff
            user.is_superuser = role == ADMIN
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            state = "created" if created else "kept"
            self.stdout.write(f"{role:<8} {username} / {password} ({state})")
