"""Membership: organisations, their rules, members, officers and the share register."""

from membership.models.ledger import (
    RegisterExport,
    RegisterInspection,
    ShareCertificate,
    ShareTransaction,
    Withdrawal,
)
from membership.models.members import (
    Application,
    ImportBatch,
    JointHolder,
    Member,
    Nomination,
    Officer,
    Representative,
)
from membership.models.organisations import (
    MemberClass,
    Organisation,
    OrganisationGroupObjectPermission,
    OrganisationUserObjectPermission,
    ResolutionType,
    RulesVersion,
    ShareClass,
)

__all__ = [
    "Application",
    "ImportBatch",
    "JointHolder",
    "Member",
    "MemberClass",
    "Nomination",
    "Officer",
    "Organisation",
    "OrganisationGroupObjectPermission",
    "OrganisationUserObjectPermission",
    "RegisterExport",
    "RegisterInspection",
    "Representative",
    "ResolutionType",
    "RulesVersion",
    "ShareCertificate",
    "ShareClass",
    "ShareTransaction",
    "Withdrawal",
]
