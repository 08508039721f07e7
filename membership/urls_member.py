"""URLs of the member-facing pages (my account, certificate, duplicate register, join)."""

from django.urls import URLPattern, path

from membership.views import join, member

urlpatterns: list[URLPattern] = [
    path("my-account/", member.my_account, name="my_account"),
    path("my-account/account.pdf", member.my_account_pdf, name="my_account_pdf"),
    path("my-account/details/", member.my_details, name="my_details"),
    path("my-account/withdraw/", member.my_withdrawal, name="my_withdrawal"),
    path("my-account/certificate/<slug:code>.pdf", member.my_certificate, name="my_certificate"),
    path("duplicate-register/", member.duplicate_register, name="duplicate_register"),
    path("join/", join.join, name="join"),
    path("join/done/", join.join_done, name="join_done"),
]
