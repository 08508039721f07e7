"""URLs of the member-facing pages (my account, certificate, duplicate register, join)."""

from django.urls import URLPattern, path

from membership.views import account, duplicate_register, join

urlpatterns: list[URLPattern] = [
    path("my-account/", account.my_account, name="my_account"),
    path("my-account/account.pdf", account.my_account_pdf, name="my_account_pdf"),
    path("my-account/details/", account.my_details, name="my_details"),
    path("my-account/withdraw/", account.my_withdrawal, name="my_withdrawal"),
    path("my-account/certificate/<slug:code>.pdf", account.my_certificate, name="my_certificate"),
    path("duplicate-register/", duplicate_register.duplicate_register, name="duplicate_register"),
    path("join/", join.join, name="join"),
    path("join/done/", join.join_done, name="join_done"),
]
