"""Reading an article: the pure steps from bytes to what the article reports.

    bytes -> extract (title, date, publisher, author, body) -> dedupe keys
          -> link districts -> judge relevance -> tag catalogue initiatives
          -> discover initiatives

Every module here takes plain data and returns dataclasses: no Django, no network,
no database. `pipeline.analyse()` runs them all; tracker/ingest/ does the I/O and
stores what comes out. Where each step lives:

    extract.py    the entry point: extract() -> Extracted
      bytes.py    size and binary checks, the encoding (EUC-KR read as CP949)
      html.py     an HTML page: article container, boilerplate, lines
      meta.py     meta tags and JSON-LD;  embedded.py  articles in script JSON
      fallback.py trafilatura, when nothing else finds the article
      text.py     a page as lines: where the body starts and ends
      header.py   the lines above it: headline, deck, byline, date (found.py:
                  the record both fill in)
      lines.py    what one line is (running text, widget, menu, caption, end)
      title.py    headline candidates weighed together
      dates.py    dates next to their markers, in meta data, in the URL
      bylines.py  authors, datelines, e-mail, copyright lines
      outlets.py  the table of Korean outlets (data/outlets.csv), the publisher
    dedupe.py     body hash and near-copy sketch
    (districts/gazetteer.py links districts: districts/roles.py decides roles)
    relevance.py  AI-policy or not;  tagging.py, discovery.py  initiatives
    evaluation.py, bounds.py, compare.py, scorecard.py  scoring against labels
"""
