"""Body bounds on a plain text, and how a reader's first and last paragraphs are judged."""

from tracker.reading.bounds import Bounds, corpus_bounds, score_bounds, text_lines

TEXT = """하늘일보
성북구, AI 교실 연다
2026-02-11 최나래 기자
▲ 교실 모습. 사진=성북구
[서울=하늘일보] 최나래 기자 = 서울 성북구가 주민자치위원을 위한 AI 교실을 연다.
교실은 동마다 한 곳씩 열리고 실습 위주로 꾸린다.
구 관계자는 "주민이 직접 써 보는 교육을 늘리겠다"고 말했다. 최나래기자
Copyright © 하늘일보. 무단전재 및 재배포 금지.
강동구 스마트 쉼터 확대는 다음 달 시작된다고 구가 밝혔다.
"""


def test_the_lead_follows_the_headline_and_the_last_line_precedes_the_end_marker():
    lines = text_lines(TEXT, is_html=False)
    bounds = corpus_bounds(lines, "성북구, AI 교실 연다", complete=True)
    assert bounds.lead.startswith("[서울=하늘일보]")
    assert bounds.last.endswith("최나래기자")


def test_a_cut_text_ends_at_its_last_line_when_that_line_is_long():
    text = "서울 성북구가 주민자치위원을 위한 AI 교실을 연다.\n교실은 다음 달부터 동마다 한 곳씩 열리며 주민 누구나"
    bounds = corpus_bounds(text_lines(text, False), None, complete=False)
    assert bounds.last.endswith("주민 누구나")
    assert corpus_bounds(text_lines(text, False), None, complete=True).last.endswith(
        "연다."
    )


def test_html_fragments_are_split_at_their_blocks():
    fragment = "<p>제목 줄</p><div>서울 성북구가 주민 AI 교실을 연다고 밝혔다.<br>둘째 줄</div>"
    assert text_lines(fragment, True) == [
        "제목 줄",
        "서울 성북구가 주민 AI 교실을 연다고 밝혔다.",
        "둘째 줄",
    ]


def test_starting_and_ending_right_allow_a_dateline_or_byline_to_be_cut():
    bounds = Bounds(
        lead="[서울=하늘일보] 최나래 기자 = 서울 성북구가 주민자치위원을 위한 AI 교실을 연다.",
        last='구 관계자는 "교육을 늘리겠다"고 말했다. 최나래기자',
    )
    right = [
        "서울 성북구가 주민자치위원을 위한 AI 교실을 연다.",
        '구 관계자는 "교육을 늘리겠다"고 말했다.',
    ]
    wrong = ["성북구, AI 교실 연다", "Copyright © 하늘일보"]
    report = score_bounds(
        {"a": bounds, "b": bounds, "c": None}, {"a": right, "b": wrong}
    )
    assert report["counts"] == {"body_start": (1, 2), "body_end": (1, 2)}
    assert {(m["file"], m["field"]) for m in report["disagreements"]} == {
        ("b", "body_start"),
        ("b", "body_end"),
    }
