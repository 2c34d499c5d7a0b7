from django.urls import path, re_path

from luoshi.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.portal_index, name="index"),
    path("open-data.zip", views.open_data_download, name="open_data_all"),
    # Anything in the region and year places reaches the view, which answers an unknown
    # region or year with a Chinese message rather than the bare 404 page.
    path("<str:region_code>/<str:year>/", views.region_year, name="region_year"),
    path(
        "<str:region_code>/<str:year>/open-data.zip",
        views.open_data_download,
        name="open_data",
    ),
    re_path(
        r"^(?P<region_code>[^/]+)/(?P<year>[^/]+)/(?P<table>tasks|targets)\.(?P<file_format>csv|xlsx)$",
        views.table_download,
        name="download",
    ),
]
