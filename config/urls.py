from django.contrib import admin
from django.urls import include, path

from luoshi.accounts.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("luoshi.core.urls")),
    path("accounts/", include("luoshi.accounts.urls")),
    path("reports/", include("luoshi.reports.urls")),
    path("indicators/", include("luoshi.indicators.urls")),
    path("imports/", include("luoshi.imports.urls")),
    path("engagement/", include("luoshi.engagement.urls")),
    path("tasks/", include("luoshi.tasks.urls")),
    path("projects/", include("luoshi.projects.urls")),
    path("appeals/", include("luoshi.appeals.urls")),
    path("dashboard/", include("luoshi.dashboard.urls")),
    path("portal/", include("luoshi.portal.urls")),
    path("api/v1/", include("luoshi.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# MEDIA_ROOT is never served, not even with DEBUG: uploads (progress and notice attachments,
# project evidence, held spreadsheets) are read only through views that check permission.
