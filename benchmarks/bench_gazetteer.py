"""How fast the district linker is: milliseconds per KB of UTF-8 text.

    .venv/bin/python benchmarks/bench_gazetteer.py [--corpus ../shared/corpus]
        [--gazetteer districts/data/seoul_districts.json]

Prints figures; it asserts nothing. The corpus texts are read at run time and never
copied; without extraction available they are measured as raw text.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from districts.evaluation import gazetteer_records  # noqa: E402
from districts.gazetteer import Gazetteer  # noqa: E402

# Sentences written for this benchmark: district names, dongs, organisations, traps.
SYNTHETIC = [
    "서울 금천구는 가산디지털단지에 인공지능 지원센터를 연다고 밝혔다.",
    "강서양천교육지원청과 강서경찰서가 협약식에 참석했다.",
    "강동·양천·은평구 등 3개 자치구로 사업을 넓힌다.",
    "부산 강서구 명지동 주민들이 새 서비스를 체험했다.",
    "한도윤 금천구청장은 독산1동 주민센터를 방문했다.",
    "구는 올해 예산 2억원을 투입해 스마트 돌봄 서비스를 확대한다.",
    "AI 기반 CCTV는 실종자 검색 시간을 크게 줄였다.",
    "강남에 이은 두 번째 규모로 기업들이 몰리고 있다.",
]


def _time_link(gazetteer: Gazetteer, title: str, body: str, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        gazetteer.link(title, body)
    return (time.perf_counter() - start) / rounds


def _texts_from_corpus(corpus: Path) -> list[tuple[str, str, str]]:
    try:
        from tracker.reading.extract import extract
    except ImportError:
        extract = None
    texts = []
    for item in json.loads((corpus / "gold.json").read_text(encoding="utf-8")):
        raw = (corpus / item["file"]).read_bytes()
        if extract is not None:
            try:
                page = extract(raw, url=item.get("url") or "")
                texts.append((item["file"], page.title, page.body))
                continue
            except Exception:  # noqa: BLE001 - measure the raw text instead
                pass
        texts.append((item["file"], "", raw.decode("utf-8", "replace")))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus")
    parser.add_argument(
        "--gazetteer",
        type=Path,
        default=ROOT / "districts/data/seoul_districts.json",
    )
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()

    start = time.perf_counter()
    records = gazetteer_records(args.gazetteer)
    gazetteer = Gazetteer.from_records(records)
    build_ms = (time.perf_counter() - start) * 1000
    print(f"gazetteer: {len(records)} aliases, built in {build_ms:.1f} ms")

    if (args.corpus / "gold.json").exists():
        total_kb = total_s = 0.0
        for _name, title, body in _texts_from_corpus(args.corpus):
            kb = len((title + body).encode()) / 1024
            total_kb += kb
            total_s += _time_link(gazetteer, title, body, args.rounds)
        print(
            f"corpus: {total_kb:.1f} KB in {total_s * 1000:.2f} ms "
            f"= {total_s * 1000 / total_kb:.3f} ms/KB"
        )

    rng = random.Random(0)
    for size_kb in (4, 64, 512):
        parts: list[str] = []
        while len("\n".join(parts).encode()) < size_kb * 1024:
            parts.append(rng.choice(SYNTHETIC))
        body = "\n".join(parts)
        rounds = max(1, args.rounds // size_kb)
        seconds = _time_link(gazetteer, "", body, rounds)
        kb = len(body.encode()) / 1024
        print(
            f"synthetic {size_kb:>3} KB: {seconds * 1000:.2f} ms "
            f"= {seconds * 1000 / kb:.3f} ms/KB"
        )


if __name__ == "__main__":
    main()
