"""Pages shaped like the templates Korean news reaches us in, filled with made-up news.

Each template imitates a common page structure (a portal's article view, the CMS
many local papers share, a wire service, a blog) with fictional outlets, people
and events; none is a copy of a real article.
"""

from tracker.reading.dates import SEOUL
from tracker.reading.extract import extract

LEAD = "서울 강서구가 어르신 댁에 인공지능 말벗 스피커 300대를 보급한다고 13일 밝혔다."
SECOND = "스피커는 복약 시간을 알리고 위급할 때 119에 연결한다."
LAST = '구 관계자는 "어르신 안부를 더 촘촘히 살피겠다"고 말했다.'


def day(item) -> str:
    return item.published_at.astimezone(SEOUL).date().isoformat()


def test_a_portal_article_view_with_press_name_in_meta():
    page = f"""<html><head>
<meta property="og:title" content="강서구, AI 말벗 스피커 300대 보급">
<meta property="og:site_name" content="네이버 뉴스">
<meta property="og:article:author" content="하늘일보 | 네이버">
<title>강서구, AI 말벗 스피커 300대 보급 : 네이버 뉴스</title></head><body>
<div class="media_end_head_top"><a class="media_end_head_top_logo"><img alt="하늘일보"></a></div>
<h2 id="title_area" class="media_end_head_headline"><span>강서구, AI 말벗 스피커 300대 보급</span></h2>
<div class="media_end_head_info_datestamp"><span class="media_end_head_info_datestamp_bunch">
<em>입력</em><span class="_ARTICLE_DATE_TIME" data-date-time="2025-10-13 13:05:02">2025.10.13. 오후 1:05</span></span>
<span class="media_end_head_info_datestamp_bunch"><em>수정</em><span>2025.10.14. 오전 9:00</span></span></div>
<em class="media_end_head_journalist_name">최나래 기자</em>
<article id="dic_area" class="go_trans _article_content">{LEAD}<br><br>{SECOND}<br><br>{LAST}<br><br>
narae@haneul.example</article>
<div class="media_end_linked_more"><h4>하늘일보 주요뉴스</h4><ul><li>마포구 축제 개막</li></ul></div>
</body></html>"""
    item = extract(page.encode(), url="https://n.news.naver.com/article/000/0000000001")
    assert item.title == "강서구, AI 말벗 스피커 300대 보급"
    assert item.paragraphs == [LEAD, SECOND, LAST]
    assert day(item) == "2025-10-13"
    assert (item.publisher, item.author) == ("하늘일보", "최나래")


def test_the_cms_many_local_papers_share():
    page = f"""<!DOCTYPE html><html lang="ko"><head>
<title>강서구, AI 말벗 스피커 300대 보급 < 자치 < 기사본문 - 누리신문</title>
<meta property="og:title" content="강서구, AI 말벗 스피커 300대 보급 - 누리신문">
<meta property="og:site_name" content="누리신문"></head><body>
<div id="user-wrap"><header id="user-header"><ul class="gnb"><li>자치</li><li>행정</li></ul></header>
<section id="user-container"><div class="float-center max-width-1080">
<header class="article-view-header"><h3 class="heading">강서구, AI 말벗 스피커 300대 보급</h3>
<h4 class="subheading">어르신 안부 살피는 말벗…복약 알림도</h4>
<ul class="infomation"><li><i class="icon-user"></i> 한가을 기자</li>
<li><i class="icon-clock-o"></i> 승인 2025.10.13 13:05</li><li>댓글 0</li></ul></header>
<article id="article-view-content-div" class="article-veiw-body view-page font-size17">
<p>{LEAD}</p><p>{SECOND}</p><p>{LAST}</p></article>
<div class="view-copyright">저작권자 © 누리신문 무단전재 및 재배포 금지</div>
<div class="view-editors"><div class="profile-info">한가을 기자 다른기사 보기</div></div>
<section class="article-relation"><h2>관련기사</h2><ul><li>강동구 AI 로봇</li></ul></section>
</div></section><footer id="user-footer">서울특별시 종로구 세종대로 00 | 등록번호 서울 아00000</footer>
</div></body></html>"""
    item = extract(page.encode())
    assert item.title == "강서구, AI 말벗 스피커 300대 보급"
    assert item.subtitle == "어르신 안부 살피는 말벗…복약 알림도"
    assert item.paragraphs == [LEAD, SECOND, LAST]
    assert day(item) == "2025-10-13"
    assert (item.publisher, item.author) == ("누리신문", "한가을")


def test_a_wire_service_page_with_the_marker_glued_to_the_date():
    page = f"""<html><head><title>강서구, AI 말벗 스피커 보급 | 가온통신</title></head><body>
<div class="content03"><h1 class="tit">강서구, AI 말벗 스피커 보급</h1>
<p class="update-time" data-published-time="2025-10-13 13:05">송고시간2025-10-13 13:05</p>
<div class="story-news article"><p>(서울=가온통신) 박바다 기자 = {LEAD}</p><p>{SECOND}</p>
<p>{LAST}</p><p>sea@gaon.example</p><p class="txt-copyright">&lt;저작권자(c) 가온통신, 무단 전재-재배포, AI 학습 및 활용 금지&gt;</p></div>
<div class="article-ad">광고</div></div></body></html>"""
    item = extract(page.encode())
    assert item.title == "강서구, AI 말벗 스피커 보급"
    assert item.paragraphs == [LEAD, SECOND, LAST]
    assert day(item) == "2025-10-13"
    assert (item.publisher, item.author) == ("가온통신", "박바다")


def test_a_blog_style_page_prefers_the_published_time_element():
    page = f"""<html><body><div class="site">
<h1 class="entry-title">강서구, AI 말벗 스피커 보급</h1>
<div class="entry-meta"><time class="entry-date published" datetime="2025-10-13T09:00:00+09:00">2025. 10. 13.</time>
<time class="updated" datetime="2025-11-01T09:00:00+09:00">2025. 11. 01.</time> by 마루</div>
<div class="entry-content"><p>{LEAD}</p><p>{SECOND}</p><p>{LAST}</p></div>
<div class="related-posts"><h3>관련 글</h3><p>양천구 스마트 쉼터 2024-01-01</p></div>
</div></body></html>"""
    item = extract(page.encode())
    assert item.title == "강서구, AI 말벗 스피커 보급"
    assert item.paragraphs == [LEAD, SECOND, LAST]
    assert day(item) == "2025-10-13"
