from django.urls import path

from luoshi.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("new/", views.report_create, name="report_create"),
    path("<int:report_id>/", views.report_detail, name="report_detail"),
    path("<int:report_id>/versions/new/", views.version_create, name="version_create"),
    path("<int:report_id>/versions/<int:number>/", views.version_detail, name="version_detail"),
    path(
        "<int:report_id>/versions/<int:number>/publish/",
        views.version_publish,
        name="version_publish",
    ),
    path("<int:report_id>/compare/", views.version_diff, name="version_diff"),
]
