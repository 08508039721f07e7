"""URLs of the membership pages (`/o/<organisation>/...`).

The organisation's home page, `membership:organisation` (`/o/<organisation>/`), links to every
app, so it is served from the top layer (`coop.hub`): `coop/urls.py` adds it to this
namespace.
"""

from django.urls import URLPattern, URLResolver, include, path

from membership.views import (
    admissions,
    exports,
    ledger,
    members,
    officers,
    organisation,
    register,
    withdrawals,
)

app_name = "membership"

_member = "<slug:slug>/members/<int:number>"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<slug:slug>/audit/", organisation.audit_log, name="audit_log"),
    # The register and the member pages (secretary, board member, scrutineer).
    path("<slug:slug>/register/", register.register_list, name="register"),
    path(f"{_member}/", members.member_detail, name="member"),
    path(f"{_member}/contact/", members.member_contact, name="member_contact"),
    path(f"{_member}/suspend/", members.member_suspend, name="member_suspend"),
    path(f"{_member}/reinstate/", members.member_reinstate, name="member_reinstate"),
    path(f"{_member}/cease/", members.member_cease, name="member_cease"),
    path(f"{_member}/erase/", members.member_erase, name="member_erase"),
    path(f"{_member}/account/", members.member_link_user, name="member_link_user"),
    path(
        f"{_member}/joint-holders/add/",
        members.member_joint_holder_add,
        name="member_joint_holder_add",
    ),
    path(
        f"{_member}/representatives/add/",
        members.member_representative_add,
        name="member_representative_add",
    ),
    path(
        f"{_member}/nominations/add/",
        members.member_nomination_record,
        name="member_nomination_record",
    ),
    path(
        f"{_member}/nominations/<int:nomination_id>/revoke/",
        members.member_nomination_revoke,
        name="member_nomination_revoke",
    ),
    # The share ledger of one member.
    path(f"{_member}/shares/allot/", ledger.member_allot, name="member_allot"),
    path(f"{_member}/shares/payment/", ledger.member_payment, name="member_payment"),
    path(f"{_member}/shares/transfer/", ledger.member_transfer, name="member_transfer"),
    path(f"{_member}/shares/cancel/", ledger.member_cancel, name="member_cancel"),
    path(f"{_member}/shares/interest/", ledger.member_interest, name="member_interest"),
    path(
        f"{_member}/shares/transfer-on-death/",
        ledger.member_death_transfer,
        name="member_death_transfer",
    ),
    path(
        f"{_member}/ledger/<int:entry_id>/correct/",
        ledger.member_ledger_correct,
        name="member_ledger_correct",
    ),
    path(
        f"{_member}/shares/withdraw/",
        ledger.member_withdrawal_request,
        name="member_withdrawal_request",
    ),
    path(
        f"{_member}/certificates/issue/",
        ledger.member_certificate_issue,
        name="member_certificate_issue",
    ),
    path(
        f"{_member}/certificates/<int:certificate_number>/pdf/",
        ledger.member_certificate_pdf,
        name="member_certificate_pdf",
    ),
    # Applications to join.
    path("<slug:slug>/applications/", admissions.application_list, name="applications"),
    path(
        "<slug:slug>/applications/<int:pk>/",
        admissions.application_decide,
        name="application_decide",
    ),
    path(
        "<slug:slug>/applications/<int:pk>/approve/",
        admissions.application_approve,
        name="application_approve",
    ),
    path(
        "<slug:slug>/applications/<int:pk>/reject/",
        admissions.application_reject,
        name="application_reject",
    ),
    # Withdrawals of shares.
    path("<slug:slug>/withdrawals/", withdrawals.withdrawal_queue, name="withdrawals"),
    path(
        "<slug:slug>/withdrawals/<int:pk>/decide/",
        withdrawals.withdrawal_decide,
        name="withdrawal_decide",
    ),
    path(
        "<slug:slug>/withdrawals/<int:pk>/pay/", withdrawals.withdrawal_pay, name="withdrawal_pay"
    ),
    path(
        "<slug:slug>/withdrawals/<int:pk>/cancel/",
        withdrawals.withdrawal_cancel,
        name="withdrawal_cancel",
    ),
    # Share classes, officers, nominations.
    path("<slug:slug>/share-classes/", register.share_class_list, name="share_classes"),
    path(
        "<slug:slug>/share-classes/<slug:code>/suspend/",
        register.share_class_suspend,
        name="share_class_suspend",
    ),
    path(
        "<slug:slug>/share-classes/<slug:code>/resume/",
        register.share_class_resume,
        name="share_class_resume",
    ),
    path("<slug:slug>/officers/", officers.officer_list, name="officers"),
    path("<slug:slug>/officers/appoint/", officers.officer_appoint, name="officer_appoint"),
    path("<slug:slug>/officers/<int:pk>/end/", officers.officer_end, name="officer_end"),
    path("<slug:slug>/nominations/", register.nomination_book, name="nominations"),
    # Exports of the register.
    path("<slug:slug>/exports/", exports.export_register, name="exports"),
    path("<slug:slug>/exports/<int:pk>/", exports.export_status, name="export_status"),
    path(
        "<slug:slug>/exports/<int:pk>/download/",
        exports.export_download,
        name="export_download",
    ),
    # The register import, and the member-facing pages.
    path("<slug:slug>/import/", include("membership.urls_imports")),
    path("<slug:slug>/", include("membership.urls_member")),
]
