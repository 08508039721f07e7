"""Membership: organisations, their rules, members, officers and the share register."""

from membership.models.applications import Application, ImportBatch
from membership.models.classes import MemberClass, ShareClass
from membership.models.holdings import CurrentHolding
from membership.models.ledger import (
    RegisterExport,
    RegisterInspection,
    ShareCertificate,
    ShareTransaction,
    Withdrawal,
)
from membership.models.members import JointHolder, Member, Representative
from membership.models.officers import Nomination, Officer
from membership.models.organisations import (
    Organisation,
    OrganisationGroupObjectPermission,
    OrganisationUserObjectPermission,
)
from membership.models.rules import ResolutionType, RulesVersion

__all__ = [
    "Application",
    "CurrentHolding",
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
