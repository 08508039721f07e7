"""Who may see and do what in joint bids: the only place that decides (over
`coop.core.permissions`). Pages and the API name these predicates; nothing else checks a role.

Who is who, for a consortium's bids
-----------------------------------
- **The lead**: the consortium's bid managers and its secretary (roles in the consortium's
  organisation). They run its bids and see all of them, every co-op's cost build-ups included.
- **A co-op's bid officers**: for a member co-op of the consortium, the secretary and the bid
  managers of the co-op's own organisation in Cyd. They act for the co-op in the consortium's
  bids: the co-op's board has given them that job, and its secretary answers for it.
- **Anyone else sees nothing of the consortium's bids** (404, like a bid that does not
  exist): a co-op's plain members and board members without a bid role, the representatives
  the co-op names to vote in the consortium (voting is not bidding), the consortium's own
  members, board members and scrutineers without a bid role, other organisations' people.
  A co-op whose organisation is not in Cyd acts through the lead, who enters its part.

What each may see (a refused read answers 404)
----------------------------------------------
- The bids section of the consortium: the lead; a co-op's officers, who see there only the
  bids their co-op takes part in.
- A bid: the lead; the officers of a co-op invited to it (whatever its status since: a co-op
  that dropped out keeps sight of what it did).
- The lead's working views — the dashboard, plan, go/no-go, the co-ops and their approvals,
  the coverage matrix, the consolidated prices with every build-up, the checklist, the OCDS
  export, opportunities and the answer library: the lead only.
- **A co-op's own part** — its approval and conditions, commitments, declared capacity, cost
  build-ups, social value figures, evidence about it, and its own answers with their authors
  and versions: the lead and that co-op's officers. Not another co-op of the same bid: a
  co-op's costs are commercially its own (they show what it pays its care workers), and its
  answers are its own work while the bid is being put together.
- The consortium's answers (questions it answers once) and consortium-wide evidence: the lead
  and the officers of every co-op on the bid, who draft and check them together. An answer
  given to someone (its author) is theirs to see and edit too, while they may see the bid.
- Who has signed off: every co-op's officers (it is what they wait for).
- **The whole bid**, as the bid pack (PDF and zip: every co-op's answers and evidence, the
  coverage matrix, the consortium's rates, social value; never a co-op's cost build-up): the
  lead at any time; every co-op's officers once the bid reaches final sign-off, and after
  (`WHOLE_BID_STAGES`). Each co-op then signs off, and is bound by, the bid as a whole (jointly
  and severally, or as the prime's subcontractor): it must be able to read all it signs.
  Before final sign-off another co-op's answers are not theirs to read.

What each may do (a refusal answers 403 to someone who may see the thing, else 404)
----------------------------------------------------------------------------------
- On a co-op's part — commit or remove its hours, declare its capacity, enter its prices,
  write its answers, upload evidence about it, sign the bid off for it: the lead and that
  co-op's officers.
- A consortium answer: the lead and the answer's author.
- A co-op's approval of the bid, with its conditions (and, where its members decided, the
  co-op's own ballot that carried): the co-op decides for itself, so its own secretary or
  board records it. The lead records it only for a co-op whose organisation is not in Cyd,
  or once the co-op's secretary has recorded the co-op's written delegation of it.
- Everything else — opportunities, the library, starting a bid, the plan, go/no-go,
  invitations, recording authorisations, the lead, withdrawing a co-op from the bid,
  assigning, reviewing and reopening answers, moving the bid along, submitting it, social
  value: the lead.

Every predicate is `can_<verb>_<noun>(user, obj)` (`predicates`); the getters
(`<noun>_get_for`) find what an address names and apply the one rule
(`coop.core.permissions.gate`) with `can_see` as who may see it; `people` applies the policy
to lists (`<noun>_list_for` and the like) and says who acts for whom. A user's co-ops in a
consortium are read once per request (cached on the consortium object the request loaded).
"""

from tendering.permissions.people import (
    answer_rows_for,
    approvals_recordable_by,
    author_candidates,
    bid_list_for,
    bid_sections_for,
    evidence_list_for,
    lead_consortia,
    library_entries_for,
    members_acted_for,
    officers_of,
    own_parts,
    participants_acted_for,
    social_value_for,
)
from tendering.permissions.predicates import (
    LEAD_ROLES,
    OFFICER_ROLES,
    TAKING_PART,
    WHOLE_BID_STAGES,
    acted_for,
    answer_get_for,
    bid_get_for,
    bid_parts_of,
    can_act_for_participant,
    can_change_commitment,
    can_contribute_to_bid,
    can_delegate_approval,
    can_edit_answer,
    can_lead_bids,
    can_manage_bid,
    can_manage_opportunity,
    can_manage_participant,
    can_open_go_ballot,
    can_record_approval,
    can_review_answer,
    can_see,
    can_view_answer,
    can_view_bid,
    can_view_bid_pack,
    can_view_bids,
    can_view_commitment,
    can_view_evidence,
    can_view_participant,
    can_withdraw_participant,
    commitment_get_for,
    consortium_get_for,
    evidence_get_for,
    is_author,
    opportunity_get_for,
    participant_get_for,
)

__all__ = [
    "LEAD_ROLES",
    "OFFICER_ROLES",
    "TAKING_PART",
    "WHOLE_BID_STAGES",
    "acted_for",
    "answer_get_for",
    "answer_rows_for",
    "approvals_recordable_by",
    "author_candidates",
    "bid_get_for",
    "bid_list_for",
    "bid_parts_of",
    "bid_sections_for",
    "can_act_for_participant",
    "can_change_commitment",
    "can_contribute_to_bid",
    "can_delegate_approval",
    "can_edit_answer",
    "can_lead_bids",
    "can_manage_bid",
    "can_manage_opportunity",
    "can_manage_participant",
    "can_open_go_ballot",
    "can_record_approval",
    "can_review_answer",
    "can_see",
    "can_view_answer",
    "can_view_bid",
    "can_view_bid_pack",
    "can_view_bids",
    "can_view_commitment",
    "can_view_evidence",
    "can_view_participant",
    "can_withdraw_participant",
    "commitment_get_for",
    "consortium_get_for",
    "evidence_get_for",
    "evidence_list_for",
    "is_author",
    "lead_consortia",
    "library_entries_for",
    "members_acted_for",
    "officers_of",
    "opportunity_get_for",
    "own_parts",
    "participant_get_for",
    "participants_acted_for",
    "social_value_for",
]
