from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from districts.models import District
from districts.tilemap import tile_map


def district_list(request: HttpRequest) -> HttpResponse:
    districts = list(District.objects.all())
    context = {"districts": districts, "tiles": tile_map(districts)}
    return render(request, "districts/district_list.html", context)
