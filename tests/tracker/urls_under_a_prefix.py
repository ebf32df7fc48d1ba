"""The site's URLs mounted under /t/, as another URLconf would place them."""

from django.urls import include, path

urlpatterns = [path("t/", include("config.urls"))]
