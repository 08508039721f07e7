"""Scottish STV count engine (pure Python, no Django).

This module counts single transferable vote ballots by the rules for the
count of votes at Scottish local government elections: the Scottish Local
Government Elections Order 2011 (SSI 2011/399), Schedule 1, rules 46 to 53.
The same rules, numbered 45 to 52, were in the 2007 Order (SSI 2007/42); the
2011 Order re-enacted them one number higher ("continuing candidate" is
defined by reference to exclusion "under rule 51", and rule 53 is "Filling of
last vacancies").  Rule numbers below are those of the 2011 Order.

The rules as implemented
------------------------

* Arithmetic (rule 49(3)).  Every vote value is a fixed-point decimal with
  five places, held as an integer scaled by 100 000.  There are no floats.
* First stage (rule 46).  Each valid ballot paper is credited, at a value of
  one, to the candidate given its first preference.  A paper is valid if it
  gives a preference for at least one candidate who has not withdrawn;
  preferences for withdrawn candidates are struck out before the count
  (as if those names had never been on the ballot paper).
* Quota (rule 47).  ``floor(valid papers / (seats + 1)) + 1``: "the result of
  the division (ignoring any decimal places), increased by one".
* Election (rule 48).  A continuing candidate whose votes equal or exceed the
  quota at the end of a stage is deemed elected.  Candidates elected at the
  same stage are listed in descending order of votes (ties: ballot order;
  this order is only for reporting, it does not affect the count).
* Surplus transfer (rules 49 and 50).  While vacancies remain and the last
  vacancies cannot be filled under rule 53, the surplus of the elected
  candidate with the *largest* surplus is transferred, one surplus per stage.
  Scottish rules give no priority to a surplus that arose at an earlier stage
  and never defer a surplus: rule 50(1) simply takes the highest surplus
  among all candidates whose votes exceed the quota at the end of the stage.
  Equal surpluses: the candidate with more votes at the end of the most
  recent preceding stage at which the tied candidates had unequal votes goes
  first; if equal at all stages, by lot (rule 50(2), (3)).
  *All* ballot papers held by the candidate are transferred (weighted
  inclusive Gregory), each to its next available preference for a continuing
  candidate, at the transfer value
  ``(surplus x value of the paper when received) / total votes of the
  candidate``, calculated to five decimal places, any remainder ignored
  (truncated), separately for each paper value.  The candidate's votes
  become the quota.
* Exclusion (rules 51 and 52).  When no surplus is to be transferred, the
  continuing candidate with the fewest votes is excluded, and *all* their
  papers are transferred in that one stage, each at the value at which the
  candidate received it (one for first preferences).  Only one candidate is
  excluded per stage (no bulk exclusion).  Ties: the candidate with fewer
  votes at the end of the most recent preceding stage at which they had
  unequal votes is excluded; if equal at every stage, by lot.
* Last vacancies (rule 53).  When the number of continuing candidates equals
  the number of vacancies remaining unfilled they are all deemed elected and
  no further transfer is made.  The Order has no other "last vacancy" rule
  (unlike, for example, the Irish rule about a candidate whose votes exceed
  all the others together); none is applied here.

Tie-breaking ("look-back") for three or more tied candidates: going back one
stage at a time, at the first stage where the tied candidates' votes are not
all equal only those with the most votes (for surplus order) or the fewest
votes (for exclusion) stay tied; if more than one stays tied, keep looking
further back among those; if some remain tied at stage 1, one is chosen by
lot.

Non-transferable votes are reported cumulatively and include both papers
with no further available preference and the fractions of a vote lost by
truncating transfer values, so that at every stage the candidates' votes
plus the non-transferable votes add up to the number of valid papers.

Lots.  The engine is given a ``seed`` (fixed before the ballot closes); all
lots are drawn, in order, from one ``random.Random(seed)`` instance, choosing
among the tied candidates sorted by ballot order.  So the same ballots and
seed always give the same result, and the stage notes record each lot and
the seed.

Reserved seats (our extension, not in the Order)
------------------------------------------------

``candidate_classes`` maps candidate index to a class name; ``reserved`` maps
a class name to the minimum number of seats that must go to candidates of
that class.  A reservation is capped at the number of non-withdrawn
candidates of its class (noted in the stage-1 notes); the (capped)
reservations must not add up to more than the seats.  Throughout the count:

* ``unfilled(X)`` = reserved(X) minus the number of X candidates elected so
  far (never below 0); ``R`` = sum of ``unfilled`` over all classes;
  ``V`` = vacancies remaining.  The engine keeps ``V >= R``.
* Election: when candidates reach the quota they are considered in
  descending order of votes; a candidate whose class has an unfilled
  reservation is always elected; any other candidate is elected only if
  ``V - 1 >= R``, otherwise they are not deemed elected (a note says so) and
  are excluded by the next point.
* Reserved-only stage: when ``R > 0`` and ``V == R``, every continuing
  candidate not in a class with ``unfilled > 0`` can no longer be elected.
  They are all excluded together in one stage (before any pending surplus is
  transferred) and their papers transferred at their current values.
* Protection: a continuing candidate of class X with ``unfilled(X) > 0`` is
  protected when the number of continuing X candidates is no more than
  ``unfilled(X)``.  Protected candidates are skipped when choosing whom to
  exclude (the lowest unprotected candidate is excluded, ties as above).
  They are elected either on reaching the quota or under rule 53 when the
  last vacancies are filled.

With ``R == 0`` (no reservations, or all met) none of this applies and the
count is exactly the Scottish count.
"""

from voting.stv.count import count_stv
from voting.stv.table import format_stage_table
from voting.stv.values import SCALE, Ballot, Stage, StvResult, format_value, parse_value

__all__ = [
    "SCALE",
    "Ballot",
    "Stage",
    "StvResult",
    "count_stv",
    "format_stage_table",
    "format_value",
    "parse_value",
]
