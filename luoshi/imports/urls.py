from django.urls import path

from luoshi.imports import corpus_views, views
from luoshi.imports.catalogue_views import item_catalogue_add

app_name = "imports"

urlpatterns = [
    path("", views.batch_list, name="batch_list"),
    path("<int:batch_id>/", views.batch_detail, name="batch_detail"),
    path("<int:batch_id>/progress/", views.batch_progress, name="batch_progress"),
    path("<int:batch_id>/retry/", views.batch_retry, name="batch_retry"),
    path("<int:batch_id>/meta/", views.batch_meta, name="batch_meta"),
    path("<int:batch_id>/items/<int:item_id>/", views.item_decide, name="item_decide"),
    path(
        "<int:batch_id>/items/<int:item_id>/catalogue/",
        item_catalogue_add,
        name="item_catalogue_add",
    ),
    path("<int:batch_id>/accept-pending/", views.accept_pending, name="accept_pending"),
    path("<int:batch_id>/commit/", views.batch_commit, name="batch_commit"),
    path("corpora/<int:corpus_id>/", corpus_views.corpus_detail, name="corpus_detail"),
    path("corpora/<int:corpus_id>/commit/", corpus_views.corpus_commit, name="corpus_commit"),
]
