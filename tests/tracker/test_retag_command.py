"""`manage.py retag`: discovery runs again over stored articles, curators' rejections stay."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tracker.models import Initiative, ReviewState

pytestmark = pytest.mark.django_db

ARTICLE = (
    "마포구, ‘마포 척척 AI 민원 상담 챗봇’ 선보여\n"
    "입력 2026.05.14 10:00\n"
    "서울 마포구는 12일부터 ‘마포 척척 AI 민원 상담 챗봇’의 시범운영을 시작했다고 "
    "14일 밝혔다.\n"
)


def test_retag_finds_initiatives_again_and_keeps_a_rejection(tmp_path):
    path = tmp_path / "mapo.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    call_command("ingest", str(path), stdout=StringIO(), stderr=StringIO())
    chatbot = Initiative.objects.get(name_ko="마포 척척 AI 민원 상담 챗봇")
    chatbot.review_state = ReviewState.REJECTED
    chatbot.save()

    out = StringIO()
    call_command("retag", "--district", "mapo", stdout=out, stderr=StringIO())

    assert "Re-tagged 1 articles" in out.getvalue()
    assert list(
        Initiative.objects.filter(name_ko__contains="척척").values_list(
            "review_state", flat=True
        )
    ) == [ReviewState.REJECTED]


def test_retag_refuses_an_unknown_district():
    with pytest.raises(CommandError, match="No district"):
        call_command("retag", "--district", "atlantis", stdout=StringIO())
