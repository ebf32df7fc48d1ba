from django.urls import path

from tracker.views import districts as views

app_name = "districts"
# The pages are about the districts' activity, which the tracker app knows.
urlpatterns = [
    path("", views.district_list, name="list"),
    path("<slug:slug>/", views.district_detail, name="detail"),
    path("<slug:slug>/print/", views.district_print, name="print"),
]
