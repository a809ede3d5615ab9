from django.urls import path

from staff import views, views_people

urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("accounts/locked/", views.locked_account_list, name="locked_accounts"),
    path("accounts/unlock/", views.unlock_account, name="unlock_account"),
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
