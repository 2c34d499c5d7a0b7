from django.urls import path

from luoshi.appeals import views

app_name = "appeals"

urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("record/", views.appeal_record, name="record"),
    path("new/", views.appeal_start, name="start"),
    path("new/<str:region_code>/", views.appeal_new, name="new"),
    path("submitted/", views.appeal_submitted, name="submitted"),
    path("track/", views.appeal_track, name="track"),
    path("<str:number>/", views.appeal_detail, name="detail"),
    path("<str:number>/photos/<int:photo_id>/", views.appeal_photo, name="photo"),
    path("<str:number>/<str:step>/", views.appeal_step, name="step"),
]
