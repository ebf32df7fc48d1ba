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
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for local development: set DEBUG=1.")
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
