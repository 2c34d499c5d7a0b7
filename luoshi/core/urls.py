from django.urls import path, re_path

from luoshi.core import views, views_action_log, views_search, views_sheet_jobs

app_name = "core"

urlpatterns = [
    path("regions/", views.region_list, name="region_list"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("actions/", views_action_log.action_log, name="action_log"),
    re_path(
        r"^actions/export\.(?P<file_format>xlsx|csv)$",
        views_action_log.action_log_export,
        name="action_log_export",
    ),
    path("search/", views_search.search_page, name="search"),
    path("sheet-imports/<int:job_id>/", views_sheet_jobs.sheet_job, name="sheet_job"),
    path(
        "sheet-imports/<int:job_id>/progress/",
        views_sheet_jobs.sheet_job_progress,
        name="sheet_job_progress",
    ),
    path("healthz", views.health, name="health"),
    path("livez", views.liveness, name="liveness"),
]
