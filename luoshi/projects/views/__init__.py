"""The project pages: list and export, one project, what units report, Excel imports."""

from django.urls import path

from luoshi.projects.views import detail_pages, excel_pages, list_pages, reporting_pages

urlpatterns = [
    path("", list_pages.project_list, name="project_list"),
    path("export.xlsx", list_pages.project_export, name="project_export"),
    path("new/", detail_pages.project_create, name="project_create"),
    path("import/", excel_pages.investment_import, name="investment_import"),
    path("import/list/", excel_pages.project_list_import, name="project_list_import"),
    path(
        "import/list/apply/",
        excel_pages.project_list_import_apply,
        name="project_list_import_apply",
    ),
    path(
        "import/template.xlsx",
        excel_pages.investment_template_download,
        name="investment_template",
    ),
    path("presets/", excel_pages.preset_edit, name="preset_edit"),
    path("<int:pk>/", detail_pages.project_detail, name="project_detail"),
    path("<int:pk>/edit/", detail_pages.project_edit, name="project_edit"),
    path("<int:pk>/investment/", reporting_pages.investment_entry, name="investment_entry"),
    path("<int:pk>/stages/", reporting_pages.stage_update, name="stage_update"),
    path("<int:pk>/inclusion/", reporting_pages.inclusion_report, name="inclusion_report"),
    path("<int:pk>/inclusion/decide/", reporting_pages.inclusion_decide, name="inclusion_decide"),
    path(
        "<int:pk>/inclusion/<str:kind>/",
        detail_pages.evidence_download,
        name="evidence_download",
    ),
    path("<int:pk>/problems/new/", reporting_pages.problem_create, name="problem_create"),
    path("problems/<int:pk>/<str:step>/", reporting_pages.problem_step, name="problem_step"),
]
