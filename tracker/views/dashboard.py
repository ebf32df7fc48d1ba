from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from districts.models import District
from districts.tilemap import tile_map


def home(request: HttpRequest) -> HttpResponse:
    districts = list(District.objects.all())
    return render(request, "tracker/home.html", {"tiles": tile_map(districts)})


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and compose health checks: the database answers."""
    District.objects.exists()
    return HttpResponse("ok", content_type="text/plain")
