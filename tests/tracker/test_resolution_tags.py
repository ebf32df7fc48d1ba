"""The tag each article gets from resolution: its event, date (or none), evidence and
spans, partners and money; two mentions of one initiative in one article make one
tag, and a catalogue tag and a mention of the same initiative one richer link.
Mentions are written by hand (tests/tracker/resolving.py), as the discovery step
would report them."""

from datetime import date

import pytest

from districts.gazetteer import LinkResult
from tests.tracker.resolving import article, mention
from tracker.ingest import understanding
from tracker.models import Initiative, Organisation
from tracker.reading.tagging import Tag, Tagging
from tracker.resolution import resolve_mentions

pytestmark = pytest.mark.django_db


def test_the_catalogue_tag_and_the_mention_of_one_initiative_make_one_richer_link():
    story = article(
        "강서구 AI 전문 도서관 착공",
        "서울 강서구는 AI 전문 도서관 공사를 지난 3월 시작했다고 밝혔다.",
    )
    tagging = Tagging(
        tags=[Tag("gangseo-ai-library", 0.8, "서울 강서구는 ...", [(0, 3)])],
        mentions=[
            mention(
                story,
                "AI 전문 도서관",
                district="gangseo",
                kind="library-hub",
                stage="launched",
                catalogue_slug="gangseo-ai-library",
                event_date=date(2025, 3, 1),
                date_precision="month",
                confidence=0.9,
            )
        ],
    )

    understanding.save_understanding(story, LinkResult([], "district"), tagging)

    [link] = story.initiative_links.all()
    assert link.initiative.slug == "gangseo-ai-library"
    assert (link.event, link.event_date, link.event_date_precision) == (
        "launched",
        date(2025, 3, 1),
        "month",
    )
    assert link.confidence == 0.9
    assert [0, 3] in link.spans and len(link.spans) == 2


def test_the_tag_keeps_the_event_evidence_partners_and_money():
    story = article(
        "도봉구, 한빛대와 AI 침수 예측 협약",
        "서울 도봉구는 한빛대학교, 누리데이터와 AI 침수 예측 시스템 구축 협약을 맺었다.\n\n"
        "구는 국비 12억 원을 확보했다.",
    )
    found = mention(
        story,
        "AI 침수 예측 시스템",
        stage="agreement",
        partners=("한빛대학교", "누리데이터", " "),
        amount_won=1_200_000_000,
        event_date=date(2025, 1, 1),
        date_precision="year",
    )

    [link] = resolve_mentions(story, [found])

    assert link.evidence == found.evidence
    assert link.spans == [list(found.span)]
    assert link.evidence_span == list(found.evidence_span)
    text = f"{story.title}\n\n{story.body}"
    assert text[slice(*link.spans[0])] == "AI 침수 예측 시스템"
    assert (link.event, link.event_date, link.event_date_precision) == (
        "agreement",
        date(2025, 1, 1),
        "year",
    )
    assert (link.partners, link.amount_won) == (
        ["한빛대학교", "누리데이터"],
        1_200_000_000,
    )
    assert (link.origin, link.review_state, link.confidence) == (
        "auto",
        "suggested",
        0.7,
    )
    assert sorted(link.initiative.partners.values_list("name_ko", flat=True)) == [
        "누리데이터",
        "한빛대학교",
    ]
    assert Organisation.objects.filter(name_ko="한빛대학교").count() == 1


def test_an_undated_event_stays_undated():
    story = article("도봉구 AI 침수 예측", "서울 도봉구는 AI 침수 예측을 도입한다.")

    [link] = resolve_mentions(
        story, [mention(story, "AI 침수 예측", date_precision="day")]
    )

    assert (link.event_date, link.event_date_precision) == (None, "")


def test_two_mentions_of_one_initiative_in_one_article_make_one_tag():
    story = article(
        "도봉구 AI 산불감시 시스템 도입",
        "서울 도봉구는 AI 산불감시 시스템을 도입한다.\n\n"
        "인공지능 산불 감시체계는 다음 달 가동한다.",
    )

    links = resolve_mentions(
        story,
        [
            mention(story, "AI 산불감시 시스템", confidence=0.6),
            mention(story, "인공지능 산불 감시체계", stage="launched", confidence=0.8),
        ],
    )

    [link] = links
    assert link.event == "launched"  # the surer mention tells the event
    assert len(link.spans) == 2
    assert Initiative.objects.filter(origin="discovered").count() == 1
