"""Admin for the typology and for initiatives: curators edit kinds' cue words (which
discovery then reads), filter initiatives by kind, origin and review state, and
confirm or reject them in bulk, every change in the history."""

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import UserFactory
from tracker.ingest import understanding
from tracker.models import Change, Initiative, InitiativeKind

pytestmark = pytest.mark.django_db


def staff(role: str):
    user = UserFactory(username=f"{role}-staff", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def discovered(name: str) -> Initiative:
    return Initiative.objects.create(
        slug=f"dobong-{Initiative.objects.count()}",
        name_ko=name,
        kind=InitiativeKind.objects.get(slug="cctv-safety"),
        category="safety",
        origin="discovered",
        review_state="suggested",
    )


def test_a_curator_edits_a_kinds_cue_words_and_discovery_reads_them(client):
    curator = staff("curator")
    client.force_login(curator)
    kind = InitiativeKind.objects.get(slug="street-devices")
    url = reverse("admin:tracker_initiativekind_change", args=[kind.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["cue_words"] = json.dumps(
        [*kind.cue_words, "스마트 그늘막"], ensure_ascii=False
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    spec = next(k for k in understanding.kinds() if k.slug == "street-devices")
    assert spec.cues[-1] == "스마트 그늘막"
    change = Change.objects.get(action="edited in admin")
    assert change.user == curator and "cue_words" in change.changes


def test_cue_words_must_be_a_list_of_words(client):
    client.force_login(staff("curator"))
    kind = InitiativeKind.objects.get(slug="street-devices")
    url = reverse("admin:tracker_initiativekind_change", args=[kind.pk])
    data = {
        k: v
        for k, v in client.get(url).context["adminform"].form.initial.items()
        if v is not None
    }
    data["cue_words"] = '["쉼터", ""]'

    response = client.post(url, data)

    assert response.status_code == 200
    assert "cue_words" in response.context["adminform"].form.errors
    kind.refresh_from_db()
    assert "" not in kind.cue_words


def test_the_initiative_list_filters_by_review_state_and_shows_kind_and_origin(client):
    client.force_login(staff("curator"))
    discovered("AI CCTV 선별관제")

    response = client.get(
        reverse("admin:tracker_initiative_changelist"), {"review_state": "suggested"}
    )

    rows = list(response.context["cl"].result_list)
    assert [i.name_ko for i in rows] == ["AI CCTV 선별관제"]
    page = response.content.decode()
    assert "지능형 CCTV·안전" in page  # the kind column
    for param in ("review_state", "origin", "kind__id__exact"):
        assert param in page, param


@pytest.mark.parametrize(
    ("action", "state", "recorded"),
    [
        ("confirm", "confirmed", "initiative confirmed"),
        ("reject", "rejected", "initiative rejected"),
    ],
)
def test_bulk_confirm_and_reject_in_admin_write_history(
    client, action, state, recorded
):
    curator = staff("curator")
    client.force_login(curator)
    chosen = [discovered("AI CCTV 선별관제"), discovered("AI 배회 감지")]

    client.post(
        reverse("admin:tracker_initiative_changelist"),
        {"action": action, "_selected_action": [i.pk for i in chosen]},
    )

    for initiative in chosen:
        initiative.refresh_from_db()
        assert (initiative.review_state, initiative.reviewed_by) == (state, curator)
        assert Change.objects.about(initiative).get().action == recorded


def test_an_admin_edit_marks_the_initiative_as_a_curators(client):
    curator = staff("curator")
    client.force_login(curator)
    initiative = discovered("AI CCTV 선별관제")
    url = reverse("admin:tracker_initiative_change", args=[initiative.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        name_ko="AI CCTV 선별 관제",
        kind=initiative.kind_id,
        districts=[],
        partners=[],
        match_terms="[]",
        known_names="[]",
        first_seen="",
        last_seen="",
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    initiative.refresh_from_db()
    assert initiative.reviewed_by == curator
    assert not Initiative.objects.orphaned().filter(pk=initiative.pk).exists()
