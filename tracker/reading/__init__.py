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
    relevance.py  AI-policy or not
    tagging.py    catalogue initiatives by curators' terms (merged with discovery)
    discovery.py  every initiative an article reports, in any district:
      morphology.py  Korean morphemes (kiwipiepy, loaded once per process)
      phrases.py     noun phrases and quoted names from a sentence's morphemes
      candidates.py  trim a phrase to a name and weigh it; lexicon.py its words
      kinds.py       the typology (classify a name); stages.py  the stage told
      event_dates.py relative dates (지난해, 오는 12월) read against the article
      details.py     money and partners;  names.py  when two wordings are one
      mentions.py    what discovery reports (Mention), stored by resolution.py
    evaluation.py, bounds.py, compare.py, scorecard.py, initiative_scores.py
                  scoring against hand labels (evaluate_corpus)
"""
