"""/api/: the read API, its OpenAPI 3 schema and the docs page that reads it."""

from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from tracker.api import matrix, views

app_name = "api"

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("initiatives", views.InitiativeViewSet, basename="initiative")

urlpatterns = [
    # /api/ itself: the docs page, which lists every endpoint.
    path("", RedirectView.as_view(pattern_name="api:docs"), name="root"),
    path("", include(router.urls)),
    path("districts/", views.DistrictList.as_view(), name="district-list"),
    path("matrix/", matrix.MatrixView.as_view(), name="matrix"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
