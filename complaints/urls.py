from django.urls import path

from complaints import views

app_name = "complaints"
urlpatterns: list = [
    # -- complaints (投诉受理) --
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/filed/<str:token>/", views.complaint_filed, name="complaint_filed"),
    path("complaints/track/", views.complaint_track, name="complaint_track"),
    path("complaints/figures/", views.complaint_figures, name="complaint_figures"),
    path("desk/complaints/", views.complaint_register, name="complaint_register"),
    path("desk/complaints/new/", views.complaint_register_new, name="complaint_register_new"),
    path("desk/complaints/report/", views.complaint_report, name="complaint_report"),
    path(
        "desk/complaints/report/export.xlsx",
        views.complaint_report_export,
        name="complaint_report_export",
    ),
    path("desk/complaints/<str:complaint>/", views.complaint_detail, name="complaint_detail"),
    path(
        "desk/complaints/<str:complaint>/receipt.pdf",
        views.complaint_receipt,
        name="complaint_receipt",
    ),
    path(
        "desk/complaints/<str:complaint>/accept/", views.complaint_accept, name="complaint_accept"
    ),
    path(
        "desk/complaints/<str:complaint>/decline/",
        views.complaint_decline,
        name="complaint_decline",
    ),
    path(
        "desk/complaints/<str:complaint>/forward/",
        views.complaint_forward,
        name="complaint_forward",
    ),
    path(
        "desk/complaints/<str:complaint>/extend/", views.complaint_extend, name="complaint_extend"
    ),
    path("desk/complaints/<str:complaint>/note/", views.complaint_note, name="complaint_note"),
    path(
        "desk/complaints/<str:complaint>/statement/",
        views.complaint_statement,
        name="complaint_statement",
    ),
    path(
        "desk/complaints/<str:complaint>/finding/",
        views.complaint_finding,
        name="complaint_finding",
    ),
    path("desk/complaints/<str:complaint>/reply/", views.complaint_reply, name="complaint_reply"),
    path(
        "desk/complaints/<str:complaint>/follow-up/",
        views.complaint_follow_up,
        name="complaint_follow_up",
    ),
    path(
        "desk/complaints/<str:complaint>/archive/",
        views.complaint_archive,
        name="complaint_archive",
    ),
    # -- end of complaints --
]
