from django.urls import path, re_path

from luoshi.indicators import (
    catalogue_views,
    comparison_views,
    import_views,
    report_pair_views,
    review_views,
    views,
)

app_name = "indicators"

# Region codes are 6 or 9 digits, indicator codes slugs: the patterns cannot meet "import/".
SUBJECT = r"^(?P<region_code>[0-9]{6}|[0-9]{9})/(?P<indicator_code>[-a-zA-Z0-9_]+)/"

urlpatterns = [
    path("", views.indicator_table, name="table"),
    path("table.xlsx", views.indicator_table_xlsx, name="table_xlsx"),
    path("compare/", comparison_views.compare_page, name="compare"),
    path("compare.xlsx", comparison_views.compare_xlsx, name="compare_xlsx"),
    path("compare/reports/", report_pair_views.report_pair, name="report_pair"),
    path("catalogue/", catalogue_views.catalogue, name="catalogue"),
    path("catalogue/new/", catalogue_views.catalogue_new, name="catalogue_new"),
    re_path(
        r"^catalogue/(?P<code>[-a-zA-Z0-9_]+)/$",
        catalogue_views.catalogue_entry,
        name="catalogue_entry",
    ),
    path("review/", review_views.review_draft, name="review_draft"),
    path(
        "review/to-next-report/", review_views.review_to_next_report, name="review_to_next_report"
    ),
    path("import/targets/", import_views.import_targets, name="import_targets"),
    path("import/targets/apply/", import_views.import_targets_apply, name="import_targets_apply"),
    path("import/observations/", import_views.import_observations, name="import_observations"),
    path(
        "import/observations/apply/",
        import_views.import_observations_apply,
        name="import_observations_apply",
    ),
    re_path(
        r"^import/(?P<kind_key>targets|observations)/template\.xlsx$",
        import_views.import_template,
        name="import_template",
    ),
    re_path(SUBJECT + r"$", views.indicator_history_chart, name="chart_history"),
    re_path(SUBJECT + r"peers/$", views.indicator_peer_chart, name="chart_peers"),
]
