"""/api/matrix/: the districts x kinds matrix of /initiatives/matrix/, as data.

The same filters (q, stage, state, origin, period) select the same initiatives as the
page; each cell also says how many of its initiatives are unconfirmed suggestions.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker import matrix
from tracker.api.serializers import DistrictRefSerializer, KindSerializer
from tracker.filters import MATRIX_FILTERS, matrix_filter
from tracker.models import ReviewState


class CellSerializer(serializers.Serializer):
    count = serializers.IntegerField(source="n")
    suggested = serializers.IntegerField(
        help_text="of them, unconfirmed suggestions (review_state: suggested)"
    )
    first_reported = serializers.DateField(source="first", allow_null=True)
    page_url = serializers.CharField(source="url")


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="kind slug, or 'none' for unclassified")
    kind = KindSerializer(allow_null=True)


class RowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="district slug, or 'citywide' for Seoul")
    district = DistrictRefSerializer(allow_null=True)
    cells = CellSerializer(many=True)
    total = CellSerializer()


class MatrixSerializer(serializers.Serializer):
    filters = serializers.DictField(child=serializers.CharField())
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True, help_text="the 25 districts, then Seoul city")
    totals = CellSerializer(many=True, help_text="per column, each initiative once")
    total = CellSerializer()


def _with_suggested(table: matrix.Matrix, suggested: matrix.Matrix, absolute) -> dict:
    """The matrix with each cell's count of suggestions and absolute page links."""
    positions = {column.key: i for i, column in enumerate(suggested.columns)}
    rows_of_suggested = {row.key: row for row in [*suggested.rows, suggested.citywide]}

    def mark(cell, twin):
        cell.suggested = twin.n if twin else 0
        cell.url = absolute(cell.url)
        return cell

    def twin_cells(row):
        other = rows_of_suggested[row.key]
        return [
            other.cells[positions[column.key]] if column.key in positions else None
            for column in table.columns
        ], other.total

    rows = []
    for row in [*table.rows, table.citywide]:
        twins, twin_total = twin_cells(row)
        row.cells = [mark(c, t) for c, t in zip(row.cells, twins, strict=True)]
        row.total = mark(row.total, twin_total)
        rows.append(row)
    totals = [
        mark(cell, suggested.totals[positions[column.key]])
        if column.key in positions
        else mark(cell, None)
        for cell, column in zip(table.totals, table.columns, strict=True)
    ]
    return {
        "columns": table.columns,
        "rows": rows,
        "totals": totals,
        "total": mark(table.total, suggested.total),
    }


class MatrixView(APIView):
    """How many initiatives each district runs of each kind, and since when."""

    @extend_schema(
        parameters=[
            OpenApiParameter(name, str, description="as on /initiatives/matrix/")
            for name in MATRIX_FILTERS
        ],
        responses=MatrixSerializer,
    )
    def get(self, request):
        filterset, params = matrix_filter(request)
        initiatives = filterset.qs
        table = matrix.build(initiatives, params)
        suggested = matrix.build(
            initiatives.filter(review_state=ReviewState.SUGGESTED), params
        )
        payload = _with_suggested(table, suggested, request.build_absolute_uri)
        payload["filters"] = {key: str(value) for key, value in params.items()}
        return Response(MatrixSerializer(payload).data)
