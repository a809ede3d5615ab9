from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from servicecenter import uploads, views

admin.site.site_header = _("Service center administration")
admin.site.site_title = _("Service center administration")
admin.site.index_title = _("Administration")

handler500 = "servicecenter.busy.server_error"

urlpatterns = [
    path("", include("disclosure.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("intake.urls")),
    path("staff/", include("staff.urls")),
    path("", include("complaints.urls")),
    # Public pages are cached and shared, so they carry no CSRF token; switching the
    # language is harmless enough to allow without one.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/login/", views.admin_login),
    path("admin/", admin.site.urls),
    # Staff photos and blank forms, served by our own view so that no upload is ever
    # rendered as a page of this site (servicecenter.uploads). A web server in front
    # must not serve MEDIA_ROOT itself.
    re_path(r"^media/(?P<path>(?:staff|guide)/.+)$", uploads.media, name="media"),
]
