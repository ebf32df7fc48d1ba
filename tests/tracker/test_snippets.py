"""Search snippets: the words that matched, in their context, marked and escaped; the
result list shows them under each hit without extra queries."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory
from tracker import snippets

BODY = (
    "구청은 올해 여러 사업을 발표했다. " * 6
    + "특히 마곡 일대에 AI 전문 도서관을 짓고 주민 교육을 맡긴다. "
    + "나머지 사업은 내년에 다시 정한다. " * 6
)


def test_the_snippet_is_the_window_holding_the_most_matched_words():
    html = str(snippets.snippet(BODY, snippets.terms("AI 도서관")))

    assert html.startswith("…") and html.endswith("…")
    assert '<mark class="hit" title="ai">AI</mark> 전문 ' in html
    assert '<mark class="hit" title="도서관">도서관</mark>' in html
    assert len(html.replace("<mark", "").replace("</mark>", "")) < 400


def test_words_match_whatever_their_case_and_longer_words_win():
    html = str(
        snippets.snippet(
            "서울 구청장과 구청 직원이 ai를 배운다.", ["구청장", "구청", "ai"]
        )
    )

    assert '<mark class="hit" title="구청장">구청장</mark>과' in html
    assert '<mark class="hit" title="구청">구청</mark> 직원' in html
    assert '<mark class="hit" title="ai">ai</mark>를' in html


def test_everything_in_a_snippet_is_escaped():
    text = '마곡 <script>alert("x")</script> & <b>마곡</b>'
    html = str(snippets.snippet(text, ["마곡"]))

    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert html.count('<mark class="hit"') == 2


def test_no_snippet_without_a_match_or_a_word():
    assert snippets.snippet("아무 관련 없는 글", ["마곡"]) is None
    assert snippets.terms("!!! ??") == []


@pytest.mark.django_db
def test_search_results_show_the_snippet_and_mark_the_title(
    client, django_assert_max_num_queries
):
    ArticleFactory(title="", body=BODY, scope="district")  # an untitled hit
    ArticleFactory(title="마곡 AI 소식", body="본문에는 다른 이야기.", scope="district")
    for n in range(10):
        ArticleFactory(title=f"마곡 소식 {n}", body=f"{BODY} {n}번", scope="district")

    with django_assert_max_num_queries(14):
        response = client.get(reverse("tracker:article-list"), {"q": "마곡"})
    html = response.content.decode()

    assert html.count('<p class="snippet">') == 11  # every hit whose body matches
    assert "(제목 없음)</a>" in html
    assert '<a class="article-title" href="' in html
    assert '<mark class="hit" title="마곡">마곡</mark> AI 소식</a>' in html
    # The htmx fragment carries them too.
    fragment = client.get(
        reverse("tracker:article-list"), {"q": "마곡"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert fragment.count('<p class="snippet">') == 11
