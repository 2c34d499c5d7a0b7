from django.urls import path

from luoshi.appeals import hotspot_views, rates_views, views, views_public

app_name = "appeals"

urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("record/", views.appeal_record, name="record"),
    path("rates/", rates_views.appeal_rates, name="rates"),
    path("hotspots/", hotspot_views.appeal_hotspots, name="hotspots"),
    path("hotspots/work/", hotspot_views.hotspot_work, name="hotspot_work"),
    path("tasks/<int:task_id>/link/", hotspot_views.task_link, name="task_link"),
    path(
        "tasks/<int:task_id>/unlink/<str:number>/",
        hotspot_views.task_unlink,
        name="task_unlink",
    ),
    path("new/", views_public.appeal_start, name="start"),
    path("new/<str:region_code>/", views_public.appeal_new, name="new"),
    path("submitted/", views_public.appeal_submitted, name="submitted"),
    path("track/", views_public.appeal_track, name="track"),
    path("track/<str:number>/rate/", views_public.appeal_rate, name="rate"),
    path("<str:number>/", views.appeal_detail, name="detail"),
    path("<str:number>/photos/<int:photo_id>/", views.appeal_photo, name="photo"),
    path("<str:number>/<str:step>/", views.appeal_step, name="step"),
]
