from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from districts.models import District
from districts.tilemap import tile_map


def district_list(request: HttpRequest) -> HttpResponse:
    districts = list(District.objects.all())
    context = {"districts": districts, "tiles": tile_map(districts)}
    return render(request, "districts/district_list.html", context)


def district_detail(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_object_or_404(District, slug=slug)
    aliases = district.aliases.exclude(kind__in=["dong", "legal_dong"])
    context = {
        "district": district,
        "aliases": aliases,
        "dong_count": district.aliases.filter(kind="dong").count(),
    }
    return render(request, "districts/district_detail.html", context)
