from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def cyd(request: HttpRequest) -> dict[str, Any]:
    """Values every page template uses: the path to return to after a language switch."""
    return {"current_path": request.get_full_path()}
