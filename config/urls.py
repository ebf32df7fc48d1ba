from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tracker.lockout import LockoutAuthenticationForm

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LockoutAuthenticationForm),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("districts/", include("districts.urls")),
    path("", include("tracker.urls")),
]
