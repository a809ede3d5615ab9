from django.urls import path

from intake import case_views, ledger_views, personal_data_views, views

urlpatterns = [
    path("queue/kiosk/", views.kiosk, name="kiosk"),
    path("queue/kiosk/check-in/", views.kiosk_check_in, name="kiosk_check_in"),
    path("queue/ticket/<str:token>/", views.ticket_show, name="ticket_show"),
    path("queue/display/", views.display, name="display"),
    path("queue/display/data", views.display_data, name="display_data"),
    path("queue/book/", views.book, name="book"),
    path("queue/book/cancel/", views.book_cancel, name="book_cancel"),
    path("queue/book/done/<str:token>/", views.book_done, name="book_done"),
    path("queue/stats/", views.stats, name="queue_stats"),
    path("queue/stats/export.xlsx", views.stats_export, name="queue_stats_export"),
    path("desk/", views.desk, name="desk"),
    path("desk/queue/", views.desk_queue, name="desk_queue"),
    path("desk/sign-on/", views.desk_sign_on, name="desk_sign_on"),
    path("desk/action/", views.desk_action, name="desk_action"),
    path("desk/priority/", views.desk_priority, name="desk_priority"),
    path("track/", case_views.track, name="track"),
    path("desk/cases/new/", case_views.case_new, name="case_new"),
    path("desk/cases/<str:number>/", case_views.case_detail, name="case_detail"),
    path("desk/cases/<str:number>/step/", case_views.case_step, name="case_step"),
    path("desk/cases/<str:number>/receipt.pdf", case_views.case_receipt, name="case_receipt"),
    path("desk/ledger/", ledger_views.ledger_list, name="ledger"),
    path("desk/ledger/export.<str:fmt>", ledger_views.ledger_export, name="ledger_export"),
    path("desk/daily/", ledger_views.daily, name="daily"),
    path("desk/lost/", ledger_views.lost_list, name="lost_list"),
    path("desk/lost/<int:pk>/", ledger_views.lost_action, name="lost_action"),
    path("desk/notices/<str:serial>/", case_views.notice_detail, name="notice_detail"),
    path("desk/notices/<str:serial>/print.pdf", case_views.notice_pdf, name="notice_pdf"),
    path("desk/personal-data/", personal_data_views.personal_data_find, name="personal_data"),
    path(
        "desk/personal-data/export/",
        personal_data_views.personal_data_export,
        name="personal_data_export",
    ),
    path(
        "desk/personal-data/erase/",
        personal_data_views.personal_data_erase,
        name="personal_data_erase",
    ),
]
