from django.urls import path

from staff import views, views_people, views_rota

urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("accounts/locked/", views.locked_account_list, name="locked_accounts"),
    path("accounts/unlock/", views.unlock_account, name="unlock_account"),
    # The rota, leave and attendance (views_rota).
    path("rota/", views_rota.rota_week, name="rota_week"),
    path("rota/set/", views_rota.rota_set_view, name="rota_set"),
    path("rota/copy/", views_rota.rota_copy, name="rota_copy"),
    path("rota/export/", views_rota.rota_export, name="rota_export"),
    path("hours/", views_rota.extension_list, name="extension_list"),
    path("hours/decide/", views_rota.extension_decide, name="extension_decide"),
    path("leave/", views_rota.leave_list, name="leave_list"),
    path("leave/new/", views_rota.leave_new, name="leave_new"),
    path("leave/decide/", views_rota.leave_decide, name="leave_decide"),
    path("leave/withdraw/", views_rota.leave_withdraw, name="leave_withdraw"),
    path("attendance/", views_rota.attendance_mine, name="attendance_mine"),
    path("attendance/sign-in/", views_rota.attendance_sign_in, name="attendance_sign_in"),
    path("attendance/sign-out/", views_rota.attendance_sign_out, name="attendance_sign_out"),
    path("attendance/correction/", views_rota.correction_new, name="correction_new"),
    path(
        "attendance/correction/decide/",
        views_rota.correction_decide,
        name="correction_decide",
    ),
    path("attendance/sheet/", views_rota.attendance_sheet, name="attendance_sheet"),
    path("attendance/sheet/pdf/", views_rota.attendance_sheet_pdf, name="attendance_sheet_pdf"),
    path("attendance/sheet/xlsx/", views_rota.attendance_sheet_xlsx, name="attendance_sheet_xlsx"),
    path(
        "attendance/sheet/confirm/",
        views_rota.attendance_sheet_confirm,
        name="attendance_sheet_confirm",
    ),
    # Overtime, training and induction, assessment, my page (staff/views_people.py).
    path("me/", views_people.me, name="staff_me"),
    path("overtime/", views_people.overtime_list, name="overtime_list"),
    path("overtime/<int:pk>/", views_people.overtime_action, name="overtime_action"),
    path("training/", views_people.training_list, name="training_list"),
    path("training/new/", views_people.training_new, name="training_new"),
    path("training/inductions/new/", views_people.induction_new, name="induction_new"),
    path("training/inductions/<int:pk>/", views_people.induction_detail, name="induction_detail"),
    path("training/inductions/<int:pk>/tick/", views_people.induction_tick, name="induction_tick"),
    path("assessments/", views_people.assessment_list, name="assessment_list"),
    path("assessments/new/", views_people.assessment_new, name="assessment_new"),
    path("assessments/<int:pk>/", views_people.assessment_detail, name="assessment_detail"),
    path(
        "assessments/<int:pk>/confirm/",
        views_people.assessment_confirm,
        name="assessment_confirm",
    ),
]
