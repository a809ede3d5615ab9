"""Complaints (投诉受理), residents' ratings (好差评) and accountability (过错责任追究)."""

from django.urls import path

from complaints import views_faults, views_ratings

app_name = "complaints"
urlpatterns: list = [
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
