"""Routes of the membership API, under `/api/v1/`."""

from django.urls import path

from api.membership import (
    account,
    applications,
    holders,
    ledger,
    members,
    officers,
    organisations,
    register,
    withdrawals,
)

ORG = "organisations/<slug:slug>/"

urlpatterns = [
    path("organisations/", organisations.OrganisationListView.as_view(), name="organisations"),
    path(ORG, organisations.OrganisationDetailView.as_view(), name="organisation"),
    path(
        ORG + "rules-versions/",
        organisations.RulesVersionListView.as_view(),
        name="rules-versions",
    ),
    path(
        ORG + "member-classes/",
        organisations.MemberClassListView.as_view(),
        name="member-classes",
    ),
    path(ORG + "share-classes/", organisations.ShareClassListView.as_view(), name="share-classes"),
    path(
        ORG + "share-classes/<slug:code>/suspend-withdrawals/",
        organisations.ShareClassSuspendView.as_view(),
        name="share-class-suspend-withdrawals",
    ),
    path(
        ORG + "share-classes/<slug:code>/resume-withdrawals/",
        organisations.ShareClassResumeView.as_view(),
        name="share-class-resume-withdrawals",
    ),
    path(ORG + "members/", members.MemberListView.as_view(), name="members"),
    path(ORG + "members/<int:number>/", members.MemberDetailView.as_view(), name="member"),
    path(
        ORG + "members/<int:number>/suspend/",
        members.MemberSuspendView.as_view(),
        name="member-suspend",
    ),
    path(
        ORG + "members/<int:number>/reinstate/",
        members.MemberReinstateView.as_view(),
        name="member-reinstate",
    ),
    path(
        ORG + "members/<int:number>/cease/",
        members.MemberCeaseView.as_view(),
        name="member-cease",
    ),
    path(
        ORG + "members/<int:number>/erase-optional/",
        members.MemberEraseOptionalView.as_view(),
        name="member-erase-optional",
    ),
    path(
        ORG + "members/<int:number>/ledger/",
        ledger.MemberLedgerView.as_view(),
        name="member-ledger",
    ),
    path(
        ORG + "members/<int:number>/joint-holders/",
        holders.JointHolderListView.as_view(),
        name="member-joint-holders",
    ),
    path(
        ORG + "members/<int:number>/representatives/",
        holders.RepresentativeListView.as_view(),
        name="member-representatives",
    ),
    path(
        ORG + "representatives/<int:pk>/end/",
        holders.RepresentativeEndView.as_view(),
        name="representative-end",
    ),
    path(
        ORG + "members/<int:number>/certificates/",
        holders.CertificateListView.as_view(),
        name="member-certificates",
    ),
    path(
        ORG + "certificates/<int:pk>/pdf/",
        holders.CertificatePdfView.as_view(),
        name="certificate-pdf",
    ),
    path(ORG + "transfers/", ledger.TransferView.as_view(), name="transfers"),
    path(
        ORG + "ledger/<int:pk>/correct/",
        ledger.LedgerCorrectView.as_view(),
        name="ledger-correct",
    ),
    path(ORG + "withdrawals/", withdrawals.WithdrawalListView.as_view(), name="withdrawals"),
    path(
        ORG + "withdrawals/<int:pk>/",
        withdrawals.WithdrawalDetailView.as_view(),
        name="withdrawal",
    ),
    path(
        ORG + "withdrawals/<int:pk>/decide/",
        withdrawals.WithdrawalDecideView.as_view(),
        name="withdrawal-decide",
    ),
    path(
        ORG + "withdrawals/<int:pk>/pay/",
        withdrawals.WithdrawalPayView.as_view(),
        name="withdrawal-pay",
    ),
    path(
        ORG + "withdrawals/<int:pk>/cancel/",
        withdrawals.WithdrawalCancelView.as_view(),
        name="withdrawal-cancel",
    ),
    path(
        ORG + "applications/",
        applications.ApplicationListView.as_view(),
        name="applications",
    ),
    path(
        ORG + "applications/<int:pk>/",
        applications.ApplicationDetailView.as_view(),
        name="application",
    ),
    path(
        ORG + "applications/<int:pk>/approve/",
        applications.ApplicationApproveView.as_view(),
        name="application-approve",
    ),
    path(
        ORG + "applications/<int:pk>/reject/",
        applications.ApplicationRejectView.as_view(),
        name="application-reject",
    ),
    path(ORG + "officers/", officers.OfficerListView.as_view(), name="officers"),
    path(ORG + "officers/<int:pk>/end/", officers.OfficerEndView.as_view(), name="officer-end"),
    path(ORG + "nominations/", officers.NominationListView.as_view(), name="nominations"),
    path(
        ORG + "nominations/<int:pk>/revoke/",
        officers.NominationRevokeView.as_view(),
        name="nomination-revoke",
    ),
    path(ORG + "register/", register.RegisterView.as_view(), name="register"),
    path(
        ORG + "duplicate-register/",
        register.DuplicateRegisterView.as_view(),
        name="duplicate-register",
    ),
    path(ORG + "exports/", register.RegisterExportListView.as_view(), name="register-exports"),
    path(
        ORG + "exports/<int:pk>/",
        register.RegisterExportDetailView.as_view(),
        name="register-export",
    ),
    path(
        ORG + "exports/<int:pk>/download/",
        register.RegisterExportDownloadView.as_view(),
        name="register-export-download",
    ),
    path(ORG + "audit-events/", register.AuditEventListView.as_view(), name="audit-events"),
    path(ORG + "me/account/", account.AccountView.as_view(), name="account"),
    path(
        ORG + "me/account/withdrawals/",
        account.AccountWithdrawalListView.as_view(),
        name="account-withdrawals",
    ),
    path(
        ORG + "me/account/certificates/",
        holders.AccountCertificateListView.as_view(),
        name="account-certificates",
    ),
    path(
        ORG + "me/account/certificates/<int:pk>/pdf/",
        holders.AccountCertificatePdfView.as_view(),
        name="account-certificate-pdf",
    ),
]
