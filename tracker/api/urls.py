"""/api/: the read API, its OpenAPI 3 schema and the docs page that reads it."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from tracker.api import views

app_name = "api"

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="article")

urlpatterns = [
    path("", include(router.urls)),
    path("districts/", views.DistrictList.as_view(), name="district-list"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
