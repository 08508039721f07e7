"""The one permission gate of the API: every endpoint names, per HTTP method, a predicate of
its app's `permissions.py`, and the kernel's one rule (`coop.core.permissions.gate`) decides.

```python
class MemberList(OrganisationView):
    policy = {"GET": permissions.can_view_register, "POST": permissions.can_manage_register}
```

The view says what the predicates are asked about (`policy_subject()`: the organisation, a
ballot, a bid as one user sees it) and who may see that subject at all (`policy_sees`): a
read the predicate refuses answers 404, as does anything of a subject the user may not see;
an action on a subject they may see answers 403. HEAD and OPTIONS follow GET; a method the
view handles but does not name is a wiring mistake and raises, so no endpoint is open by
omission (the generated persona × URL matrix and schemathesis reach every one).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from coop.core.permissions import Predicate, gate


class Policied:
    """What a view under the policy gate declares (a mixin for `GenericAPIView`s)."""

    #: HTTP method → the predicate that decides it.
    policy: ClassVar[Mapping[str, Predicate]] = {}

    def policy_subject(self) -> Any:
        """What the predicates are asked about; raises Http404 when it does not exist."""
        raise NotImplementedError

    def policy_sees(self, user: Any, subject: Any) -> bool:
        """Whether `user` may see `subject` at all (then a refused action answers 403)."""
        raise NotImplementedError


class PolicyGate(BasePermission):
    """Admit a request by its view's policy (see the module docstring)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not isinstance(view, Policied):
            raise ImproperlyConfigured(f"{type(view).__name__} declares no policy")
        method = (request.method or "GET").upper()
        looked_up = "GET" if method in ("HEAD", "OPTIONS") else method
        predicate = view.policy.get(looked_up)
        subject = view.policy_subject()
        if predicate is None:
            if method != "OPTIONS" and hasattr(view, method.lower()):
                raise ImproperlyConfigured(
                    f"{type(view).__name__} handles {method} but its policy does not name it"
                )
            # Nothing to decide (DRF answers 405, or OPTIONS describes a write-only endpoint),
            # but only to someone who may see the subject.
            gate(request.user, subject, view.policy_sees, sees=view.policy_sees, action=False)
            return True
        gate(
            request.user,
            subject,
            predicate,
            sees=view.policy_sees,
            action=method not in SAFE_METHODS,
        )
        return True
