"""What a form says when what someone typed looks like a concern about a child.

The check itself is ``core/concern.py``; this is the answer, in the partnership's own words
(its front door), shared by every form that takes free text.
"""

from __future__ import annotations

from .models import Partnership


def concern_message() -> str:
    """Where a concern goes, in the partnership's own words, for the form to say."""
    partnership = Partnership.load()
    if partnership is not None and partnership.front_door_name:
        where = partnership.front_door_name
        if partnership.front_door_phone:
            where += f" on {partnership.front_door_phone}"
    else:
        where = "your local authority's children's services"
    return (
        "This looks like it may be a concern about a child. This service does not take "
        f"concerns about children: if you are worried about a child, contact {where}. "
        "If a child is in immediate danger, call 999. If this is not about a particular child, "
        "tick the box to say so and save again."
    )
