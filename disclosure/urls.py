from django.urls import path

from disclosure import views

urlpatterns = [
    path("", views.home, name="home"),
    path("guide/", views.guide_list, name="guide_list"),
    path("guide/<slug:code>/", views.guide_detail, name="guide_detail"),
    path("board/", views.board, name="board"),
    path("fees/", views.fees, name="fees"),
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/<slug:code>/", views.rule_detail, name="rule_detail"),
    path("supervision/", views.supervision, name="supervision"),
    path("results/", views.results, name="results"),
]
