from django.urls import path

from intake.views import appointments, cases, lost, personal_data, queue, reports

urlpatterns = [
    path("queue/kiosk/", queue.kiosk, name="kiosk"),
    path("queue/kiosk/check-in/", queue.kiosk_check_in, name="kiosk_check_in"),
    path("queue/ticket/<str:token>/", queue.ticket_show, name="ticket_show"),
    path("queue/display/", queue.display, name="display"),
    path("queue/display/data", queue.display_data, name="display_data"),
    path("queue/book/", appointments.book, name="book"),
    path("queue/book/cancel/", appointments.book_cancel, name="book_cancel"),
    path("queue/book/done/<str:token>/", appointments.book_done, name="book_done"),
    path("queue/stats/", reports.stats, name="queue_stats"),
    path("queue/stats/export.xlsx", reports.stats_export, name="queue_stats_export"),
    path("desk/", queue.desk, name="desk"),
    path("desk/queue/", queue.desk_queue, name="desk_queue"),
    path("desk/sign-on/", queue.desk_sign_on, name="desk_sign_on"),
    path("desk/action/", queue.desk_action, name="desk_action"),
    path("desk/priority/", queue.desk_priority, name="desk_priority"),
    path("track/", cases.track, name="track"),
    path("desk/cases/new/", cases.case_new, name="case_new"),
    path("desk/cases/<str:number>/", cases.case_detail, name="case_detail"),
    path("desk/cases/<str:number>/step/", cases.case_step, name="case_step"),
    path("desk/cases/<str:number>/receipt.pdf", cases.case_receipt, name="case_receipt"),
    path("desk/ledger/", reports.ledger_list, name="ledger"),
    path("desk/ledger/export.<str:fmt>", reports.ledger_export, name="ledger_export"),
    path("desk/daily/", reports.daily, name="daily"),
    path("desk/lost/", lost.lost_list, name="lost_list"),
    path("desk/lost/<int:pk>/", lost.lost_action, name="lost_action"),
    path("desk/notices/<str:serial>/", cases.notice_detail, name="notice_detail"),
    path("desk/notices/<str:serial>/print.pdf", cases.notice_pdf, name="notice_pdf"),
    path("desk/personal-data/", personal_data.personal_data_find, name="personal_data"),
    path(
        "desk/personal-data/export/",
        personal_data.personal_data_export,
        name="personal_data_export",
    ),
    path(
        "desk/personal-data/erase/",
        personal_data.personal_data_erase,
        name="personal_data_erase",
    ),
]
