"""Reading an article: the pure steps from bytes to what the article reports.

    bytes -> extract (title, date, publisher, author, body) -> dedupe keys
          -> link districts -> judge relevance -> tag catalogue initiatives
          -> discover initiatives

Every module here takes plain data and returns dataclasses: no Django, no network,
no database. `pipeline.analyse()` runs them all; tracker/ingest/ does the I/O and
stores what comes out.
"""
