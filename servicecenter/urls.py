from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from servicecenter import views

admin.site.site_header = _("Service center administration")
admin.site.site_title = _("Service center administration")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("desk/", views.desk, name="desk"),
    path("staff/", include("staff.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Staff photos. A one-PC center has no separate web server for uploads; behind one,
    # let it serve MEDIA_ROOT instead.
    re_path(
        r"^media/(?P<path>staff/.+)$",
        serve,
        {"document_root": settings.MEDIA_ROOT},
        name="staff_photo",
    ),
]
