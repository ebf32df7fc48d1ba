"""Extraction and district links on the corpus in generated page layouts, beside trafilatura.

    DEBUG=1 .venv/bin/python benchmarks/bench_layouts.py ../shared/corpus [LAYOUTS]

The same as `manage.py evaluate_corpus DIR --layouts --compare trafilatura`: every
text is wrapped in each layout of benchmarks/layouts.py and a table per layout
prints title, date, publisher, author, body start and body end for us and for
trafilatura, district F1 and the links that came from page chrome. Prints
figures; asserts nothing.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

if __name__ == "__main__":
    directory = sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus"
    layouts = sys.argv[2] if len(sys.argv) > 2 else "portal,dump,full,euckr,amp,nextjs"
    call_command("evaluate_corpus", directory, layouts=layouts, compare="trafilatura")
