"""The districts × kinds matrix: how many initiatives each district runs of each kind,
and since when (the earliest first report).

    filtered initiatives -> cells (district, kind) -> row and column totals -> page, CSV

Every cell links to the initiative list with the matrix's filters plus its district and
kind, and counts exactly the rows it links to. An initiative of several districts counts
in each of their rows; a column total counts it once, as its list does. Initiatives of
no district are Seoul city's own and form a row apart, below the 25.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from districts.models import District
from tracker.filters import CITYWIDE, UNCLASSIFIED
from tracker.models import InitiativeKind


@dataclass
class Cell:
    n: int = 0
    first: date | None = None
    url: str = ""

    def add(self, n: int, first: date | None) -> None:
        self.n += n
        if first and (self.first is None or first < self.first):
            self.first = first


@dataclass
class Row:
    key: str  # district slug, or CITYWIDE
    district: District | None
    cells: list[Cell]
    total: Cell = field(default_factory=Cell)


@dataclass
class Column:
    key: str  # kind slug, or UNCLASSIFIED
    kind: InitiativeKind | None


@dataclass
class Matrix:
    columns: list[Column]
    rows: list[Row]  # the 25 districts
    citywide: Row
    totals: list[Cell]  # per column: distinct initiatives of the kind
    total: Cell


def list_url(params: dict, **more) -> str:
    query = urlencode({k: v for k, v in (params | more).items() if v})
    url = reverse("tracker:initiative-list")
    return f"{url}?{query}" if query else url


def build(initiatives, params: dict) -> Matrix:
    """The matrix of `initiatives` (already filtered); `params` are those filters, carried
    into every link. Four queries whatever the number of initiatives."""
    initiatives = initiatives.order_by()
    by_kind = {
        row["kind"]: row
        for row in initiatives.values("kind").annotate(
            n=Count("pk", distinct=True), first=Min("first_seen")
        )
    }
    columns = [Column(kind.slug, kind) for kind in InitiativeKind.objects.all()]
    if None in by_kind:  # shown only when some initiative still waits for a kind
        columns.append(Column(UNCLASSIFIED, None))
    position = {
        (column.kind.pk if column.kind else None): i for i, column in enumerate(columns)
    }

    def empty_row(key: str, district: District | None) -> Row:
        cells = [
            Cell(url=list_url(params, district=key, kind=column.key))
            for column in columns
        ]
        return Row(key, district, cells, Cell(url=list_url(params, district=key)))

    rows = {d.pk: empty_row(d.slug, d) for d in District.objects.all()}
    citywide = empty_row(CITYWIDE, None)
    pairs = initiatives.values("districts", "kind").annotate(
        n=Count("pk", distinct=True), first=Min("first_seen")
    )
    for pair in pairs:
        row = rows[pair["districts"]] if pair["districts"] else citywide
        row.cells[position[pair["kind"]]].add(pair["n"], pair["first"])
        # One kind per initiative: the row's total is the sum of its cells.
        row.total.add(pair["n"], pair["first"])

    totals = []
    for column in columns:
        counted = by_kind.get(column.kind.pk if column.kind else None, {})
        totals.append(
            Cell(
                counted.get("n", 0),
                counted.get("first"),
                list_url(params, kind=column.key),
            )
        )
    total = Cell(url=list_url(params))
    for cell in totals:
        total.add(cell.n, cell.first)
    return Matrix(columns, list(rows.values()), citywide, totals, total)


def csv_header(matrix: Matrix) -> list:
    header = [_("MOIS code"), _("Korean name"), _("English name")]
    # Outside the f-strings, where makemessages would not find them.
    count, first = _("initiatives"), _("first reported")
    for column in matrix.columns:
        name = column.kind.name if column.kind else str(_("unclassified"))
        header += [f"{name}: {count}", f"{name}: {first}"]
    return [*header, _("Total"), _("First reported")]


def csv_rows(matrix: Matrix) -> Iterator[list]:
    """The page's rows as numbers and dates: the 25 districts, Seoul city, the totals."""

    def line(code, name_ko, name_en, cells, total) -> list:
        values = [code, name_ko, name_en]
        for cell in cells:
            values += [cell.n, cell.first]
        return [*values, total.n, total.first]

    for row in matrix.rows:
        d = row.district
        yield line(d.code, d.name_ko, d.name_en, row.cells, row.total)
    yield line(
        "", "서울시", "Seoul (city-wide)", matrix.citywide.cells, matrix.citywide.total
    )
    yield line("", "합계", "Total", matrix.totals, matrix.total)
