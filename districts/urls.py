from django.urls import path

from districts import views
from tracker.views.dashboard import district_detail

app_name = "districts"
urlpatterns = [
    path("", views.district_list, name="list"),
    # The page is about the district's activity, which the tracker app knows.
    path("<slug:slug>/", district_detail, name="detail"),
]
