from django.urls import path

from staff import views

urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("accounts/locked/", views.locked_account_list, name="locked_accounts"),
    path("accounts/unlock/", views.unlock_account, name="unlock_account"),
]
