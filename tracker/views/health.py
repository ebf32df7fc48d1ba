"""The curators' source health page."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tracker import health
from tracker.models import SourceIncident


@login_required
@permission_required("tracker.add_ingestrun", raise_exception=True)
def source_health(request: HttpRequest) -> HttpResponse:
    context = {
        "rows": health.source_health(timezone.now()),
        "weeks": health.WEEKS,
        "width": health.SPARK_WIDTH,
        "height": health.SPARK_HEIGHT,
        "incidents": SourceIncident.objects.select_related("source")[:20],
    }
    return render(request, "tracker/source_health.html", context)
