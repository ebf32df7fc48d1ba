"""Members of the three groups and the district and initiative links curators decide
on, for test_roles_and_logins.py, test_history_and_admin.py and
test_merges_and_quality.py."""

from django.contrib.auth.models import Group

from districts.models import District
from tests.factories import UserFactory
from tracker.models import DistrictLink, Initiative, InitiativeLink


def member(role: str, **fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=role))
    return user


def link(article, slug="gangseo", confidence=0.9, role="primary"):
    return DistrictLink.objects.create(
        article=article,
        district=District.objects.get(slug=slug),
        role=role,
        confidence=confidence,
        evidence="근거 문장.",
    )


def tag(article, slug="gangseo-ai-library", confidence=0.8, event=""):
    return InitiativeLink.objects.create(
        article=article,
        initiative=Initiative.objects.get(slug=slug),
        confidence=confidence,
        evidence="근거 문장.",
        event=event,
    )
