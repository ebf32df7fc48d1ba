"""Saved searches and their e-mails: saving from the list, one e-mail through a real
SMTP server for new matches and none for a second run, each article and initiative
listed once, the unsubscribe link, and who gets nothing."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from tests.factories import (
    GANGSEO_CARE_SPEAKERS,
    NOWON_CIVIL_SERVICE_AI,
    ArticleFactory,
    UserFactory,
)
from tracker import alerts
from tracker.ingest import service
from tracker.models import (
    DistrictLink,
    IngestRun,
    Initiative,
    InitiativeLink,
    ReviewState,
    SavedSearch,
    SentAlert,
)
from tracker.tasks import send_alerts_task

pytestmark = pytest.mark.django_db


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted"

    def text(self, i: int) -> str:
        return self.messages[i].get_body(("plain",)).get_content()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(settings):
    """A real SMTP server on the loopback, and Django's SMTP backend pointed at it."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = "https://tracker.example"
    yield handler
    controller.stop()


@pytest.fixture
def analyst(db):
    user = UserFactory(email="reader@example.org")
    user.groups.add(Group.objects.get(name="analyst"))
    return user


def ingest(text: str, name: str):
    run = service.start_run(IngestRun.Origin.UPLOAD, "test")
    item = service.add_file(run, name, text.encode())
    return service.process_item(item.pk).article


def save(client, user, query: str, frequency="instant") -> SavedSearch:
    client.force_login(user)
    response = client.post(
        "/alerts/save/", {"query": query, "frequency": frequency, "label": ""}
    )
    assert response.status_code == 302
    return SavedSearch.objects.filter(user=user).latest("pk")


def test_a_new_matching_article_sends_one_email_and_a_second_run_sends_none(
    client, analyst, inbox
):
    ArticleFactory(title="저장 전 기사")  # stored before the search: not news to it
    search = save(client, analyst, "district=gangseo")

    gangseo = ingest(GANGSEO_CARE_SPEAKERS, "강서.txt")
    ingest(NOWON_CIVIL_SERVICE_AI, "노원.txt")
    assert gangseo.district_links.filter(district__slug="gangseo").exists()

    assert send_alerts_task("instant") == 1
    assert send_alerts_task("instant") == 0

    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "reader@example.org"
    assert "강서구" in message["Subject"]
    text = inbox.text(0)
    assert gangseo.title in text
    assert f"https://tracker.example/articles/{gangseo.pk}/" in text
    assert "노원구" not in text
    assert "저장 전 기사" not in text
    assert (
        message["List-Unsubscribe"]
        .strip()
        .startswith("<https://tracker.example/alerts/unsubscribe/")
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.get_body(("html",)).get_content()
    assert f'href="https://tracker.example/articles/{gangseo.pk}/"' in html
    sent = SentAlert.objects.filter(saved_search=search)
    assert list(sent.exclude(article=None).values_list("article", flat=True)) == [
        gangseo.pk
    ]
    # The initiatives discovery found in it are listed too, each recorded.
    reported = set(gangseo.initiative_links.values_list("initiative", flat=True))
    assert set(sent.exclude(initiative=None).values_list("initiative", flat=True)) == (
        reported
    )
    for initiative in Initiative.objects.filter(pk__in=reported):
        assert initiative.name_ko in text
    search.refresh_from_db()
    assert search.last_sent_at is not None


def test_an_initiative_is_listed_once_even_when_reported_again(
    client, analyst, inbox, gangseo
):
    save(client, analyst, "district=gangseo")
    robot = Initiative.objects.create(
        slug="gangseo-care-robot-test",
        name_ko="강서 돌봄 로봇",
        name_en="",
        category=Initiative.Category.WELFARE,
        origin=Initiative.Origin.DISCOVERED,
        review_state=ReviewState.SUGGESTED,
    )

    def reporting(title):
        article = ArticleFactory(title=title)
        DistrictLink.objects.create(
            article=article, district=gangseo, role="primary", confidence=0.9
        )
        InitiativeLink.objects.create(
            article=article, initiative=robot, confidence=0.8, evidence="."
        )
        return article

    reporting("강서구, 돌봄 로봇 시범 운영")
    send_alerts_task("instant")
    reporting("강서구 돌봄 로봇 확대")
    send_alerts_task("instant")

    assert len(inbox.messages) == 2
    first, second = inbox.text(0), inbox.text(1)
    assert "강서 돌봄 로봇" in first
    assert "제안: 큐레이터가 아직 확인하지 않음" in first  # marked as a suggestion
    assert "강서구 돌봄 로봇 확대" in second
    assert "강서 돌봄 로봇" not in second  # the initiative was listed the first time
    assert SentAlert.objects.filter(initiative=robot).count() == 1


def test_daily_searches_wait_for_the_daily_run(client, analyst, inbox, gangseo):
    save(client, analyst, "", frequency="daily")
    ArticleFactory()

    assert send_alerts_task("instant") == 0
    assert send_alerts_task("daily") == 1
    assert len(inbox.messages) == 1


def test_saving_the_same_filter_again_updates_it(client, analyst):
    save(client, analyst, "district=gangseo&page=3", frequency="instant")
    save(client, analyst, "district=gangseo", frequency="daily")

    [search] = SavedSearch.objects.all()
    assert search.query == "district=gangseo"
    assert search.frequency == "daily"
    assert search.label == "강서구"


def test_saving_needs_a_login(client):
    response = client.post("/alerts/save/", {"query": "district=gangseo"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not SavedSearch.objects.exists()


def test_the_list_offers_saving_to_signed_in_users_only(client, analyst):
    assert "Save this search" not in client.get("/articles/").content.decode()
    assert "이 검색 저장" not in client.get("/articles/").content.decode()

    client.force_login(analyst)
    html = client.get("/articles/?district=gangseo").content.decode()
    assert "이 검색 저장" in html
    assert 'name="query" value="district=gangseo"' in html


def test_users_manage_only_their_own_searches(client, analyst):
    mine = save(client, analyst, "district=gangseo")
    theirs = save(Client(), UserFactory(username="other"), "district=nowon")

    client.force_login(analyst)
    html = client.get("/alerts/").content.decode()
    assert "강서구" in html and "노원구" not in html
    assert client.post(f"/alerts/{theirs.pk}/", {"delete": "1"}).status_code == 404
    client.post(f"/alerts/{mine.pk}/", {"frequency": "daily"})  # box unticked: off
    mine.refresh_from_db()
    assert (mine.frequency, mine.is_active) == ("daily", False)


# --- unsubscribing ---


def test_the_unsubscribe_link_asks_then_one_post_stops_the_emails(
    client, analyst, inbox
):
    search = save(client, analyst, "")
    url = f"/alerts/unsubscribe/{alerts.unsubscribe_token(search)}/"
    anonymous = Client(enforce_csrf_checks=True)  # as a mail client posts it

    page = anonymous.get(url)
    search.refresh_from_db()
    assert search.is_active  # a link scanner's GET changes nothing
    assert "수신 거부" in page.content.decode()

    assert anonymous.post(url).status_code == 200
    search.refresh_from_db()
    assert not search.is_active
    ArticleFactory()
    assert send_alerts_task("instant") == 0
    assert inbox.messages == []


def test_a_forged_unsubscribe_token_is_refused(client, analyst):
    search = save(client, analyst, "")
    token = alerts.unsubscribe_token(search)[:-2] + "xx"

    assert Client().post(f"/alerts/unsubscribe/{token}/").status_code == 404
    search.refresh_from_db()
    assert search.is_active


def test_unsubscribe_works_with_require_login(client, analyst, settings):
    search = save(client, analyst, "")
    settings.REQUIRE_LOGIN = True

    response = Client().post(f"/alerts/unsubscribe/{alerts.unsubscribe_token(search)}/")

    assert response.status_code == 200
    search.refresh_from_db()
    assert not search.is_active


# --- who gets nothing ---


def test_no_email_without_an_address_or_after_losing_the_role(
    client, analyst, inbox, settings
):
    save(client, analyst, "")
    settings.REQUIRE_LOGIN = True
    analyst.groups.clear()
    ArticleFactory()

    assert send_alerts_task("instant") == 0

    analyst.groups.add(Group.objects.get(name="analyst"))
    analyst.email = ""
    analyst.save()
    assert send_alerts_task("instant") == 0
    assert inbox.messages == []


def test_a_search_that_cannot_be_sent_does_not_stop_the_others(
    client, analyst, inbox, monkeypatch
):
    first = save(client, analyst, "district=gangseo")
    second = save(client, analyst, "district=gangseo&role=primary")
    # A label saved with a line break is flattened, so its subject stays one line.
    kept = alerts.save_search(
        analyst, QueryDict("district=gangseo&sort=oldest"), frequency="instant",
        label="강서\r\n알림",
    )  # fmt: skip
    assert kept.label == "강서 알림"
    ingest(GANGSEO_CARE_SPEAKERS, "강서.txt")
    real = alerts.send_search

    def broken_first(pk, *, now):
        if pk == first.pk:
            raise OSError("the relay refused this recipient")
        return real(pk, now=now)

    monkeypatch.setattr(alerts, "send_search", broken_first)

    assert send_alerts_task("instant") == 2
    assert len(inbox.messages) == 2
    assert SentAlert.objects.filter(saved_search=first).count() == 0
    assert SentAlert.objects.filter(saved_search=second).exists()


def test_a_search_too_long_to_keep_is_refused_with_a_message(client, analyst):
    client.force_login(analyst)
    response = client.post(
        "/alerts/save/", {"query": "q=" + "가" * 3000, "frequency": "daily"}
    )

    assert response.status_code == 302
    assert SavedSearch.objects.count() == 0


def test_an_analyst_gives_the_address_alerts_go_to_and_a_bad_one_changes_nothing(
    client,
):
    analyst = UserFactory(username="no-address", email="")
    analyst.set_password("its-own-password")
    analyst.save()
    client.force_login(analyst)
    url = reverse("tracker:saved-search-address")

    page = client.get(reverse("tracker:saved-search-list")).content.decode()
    added = client.post(
        url, {"email": "kim@example.org", "password": "its-own-password"}, follow=True
    )
    refused = client.post(
        url, {"email": "not an address", "password": "its-own-password"}
    )
    # A session left open is not enough to move the address (and password resets).
    guessed = client.post(url, {"email": "thief@example.org", "password": "a guess"})

    assert 'name="email"' in page and "메일 주소" in page
    assert 'name="password"' in page
    assert "알림은 kim@example.org(으)로 보냅니다." in added.content.decode()
    # Refused with what was typed kept and what is wrong said beside it.
    assert refused.status_code == guessed.status_code == 400
    assert 'value="not an address"' in refused.content.decode()
    assert "유효한 이메일 주소를 입력하세요." in refused.content.decode()
    assert 'value="thief@example.org"' in guessed.content.decode()
    assert "비밀번호가 틀렸습니다." in guessed.content.decode()
    analyst.refresh_from_db()
    assert analyst.email == "kim@example.org"
    client.logout()
    assert (
        client.post(
            reverse("tracker:saved-search-address"), {"email": "x@example.org"}
        ).status_code
        == 302
    )
    assert client.get(reverse("tracker:saved-search-address")).status_code in (302, 405)
