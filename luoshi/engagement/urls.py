from django.urls import path

from luoshi.engagement import (
    cooperation_views,
    deputy_views,
    meeting_edit_views,
    meeting_file_views,
    referral_views,
    suggestion_views,
    views,
)
from luoshi.engagement.public_changes import public_changes

app_name = "engagement"

urlpatterns = [
    path("consult/<int:report_id>/", views.consult, name="consult"),
    path("consult/<int:report_id>/feedback/", views.feedback, name="feedback"),
    path("consult/<int:report_id>/changes/", public_changes, name="public_changes"),
    path("opinions/", views.opinion_list, name="opinion_list"),
    path("mine/", deputy_views.my_opinions, name="my_opinions"),
    path("opinions/<int:opinion_id>/rate/", deputy_views.opinion_rate, name="opinion_rate"),
    path("opinions/<int:opinion_id>/", views.opinion_detail, name="opinion_detail"),
    path(
        "opinions/<int:opinion_id>/change/", views.opinion_link_change, name="opinion_link_change"
    ),
    path("opinions/<int:opinion_id>/hand/", suggestion_views.opinion_hand, name="opinion_hand"),
    path("handling/", suggestion_views.handling, name="handling"),
    path(
        "suggestions/statistics/",
        suggestion_views.suggestion_statistics,
        name="suggestion_statistics",
    ),
    path("reports/<int:report_id>/opinions/new/", views.opinion_new, name="opinion_new"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", meeting_edit_views.meeting_new, name="meeting_new"),
    path("meetings/<int:meeting_id>/edit/", meeting_edit_views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path(
        "meetings/<int:meeting_id>/files/",
        meeting_file_views.meeting_files_upload,
        name="meeting_files_upload",
    ),
    path(
        "meetings/<int:meeting_id>/files/<int:attachment_id>/",
        meeting_file_views.meeting_file_download,
        name="meeting_file",
    ),
    path(
        "meetings/<int:meeting_id>/files/<int:attachment_id>/delete/",
        meeting_file_views.meeting_file_delete,
        name="meeting_file_delete",
    ),
    path(
        "meetings/<int:meeting_id>/instructions/<int:ordinal>/refer/",
        views.instruction_refer,
        name="instruction_refer",
    ),
    path(
        "meetings/<int:meeting_id>/cooperation/new/",
        cooperation_views.cooperation_new,
        name="cooperation_new",
    ),
    path("cooperation/", cooperation_views.cooperation_list, name="cooperation_list"),
    path(
        "cooperation/<int:item_id>/",
        cooperation_views.cooperation_detail,
        name="cooperation_detail",
    ),
    path(
        "cooperation/<int:item_id>/edit/",
        cooperation_views.cooperation_edit,
        name="cooperation_edit",
    ),
    path(
        "cooperation/<int:item_id>/follow/",
        cooperation_views.cooperation_follow,
        name="cooperation_follow",
    ),
    path("study-tours/", cooperation_views.study_tours, name="study_tours"),
    path(
        "referrals/<int:referral_id>/complete/",
        referral_views.referral_complete,
        name="referral_complete",
    ),
]
