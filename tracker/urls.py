from django.urls import path

from tracker.views import dashboard, ingestion

app_name = "tracker"
urlpatterns = [
    path("", dashboard.home, name="home"),
    path("healthz", dashboard.healthz, name="healthz"),
    path("ingest/", ingestion.run_list, name="run-list"),
    path("ingest/upload/", ingestion.upload, name="upload"),
    path("ingest/urls/", ingestion.add_urls, name="add-urls"),
    path("ingest/runs/<int:pk>/", ingestion.run_detail, name="run-detail"),
]
