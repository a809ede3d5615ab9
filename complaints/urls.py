from django.urls import path

from complaints import views, views_faults, views_ratings

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


urlpatterns += [
    # 好差评 and 整改 (views_ratings)
    path("ratings/case/<str:token>/", views_ratings.rating_case, name="rating_case"),
    path("ratings/screen/", views_ratings.rating_screen, name="rating_screen"),
    path("ratings/screen/pair/", views_ratings.rating_screen_pair, name="rating_screen_pair"),
    path("ratings/figures/", views_ratings.rating_figures, name="rating_figures"),
    path(
        "ratings/rectifications/",
        views_ratings.rectification_list,
        name="rectification_list",
    ),
    path(
        "ratings/rectifications/<int:pk>/",
        views_ratings.rectification_detail,
        name="rectification_detail",
    ),
    path(
        "ratings/rectifications/<int:pk>/contact/",
        views_ratings.rectification_contact,
        name="rectification_contact",
    ),
    path(
        "ratings/rectifications/<int:pk>/complete/",
        views_ratings.rectification_complete,
        name="rectification_complete",
    ),
    # 过错责任追究 (views_faults)
    path("faults/", views_faults.fault_list, name="fault_list"),
    path("faults/new/", views_faults.fault_new, name="fault_new"),
    path("faults/<int:pk>/", views_faults.fault_detail, name="fault_detail"),
    path("faults/<int:pk>/statement/", views_faults.fault_statement, name="fault_statement"),
    path("faults/<int:pk>/decide/", views_faults.fault_decide, name="fault_decide"),
    path("faults/<int:pk>/decision.pdf", views_faults.fault_decision_pdf, name="fault_pdf"),
    path("faults/<int:pk>/appeal/", views_faults.fault_appeal, name="fault_appeal"),
    path(
        "faults/<int:pk>/appeal/decide/",
        views_faults.fault_appeal_decide,
        name="fault_appeal_decide",
    ),
]
