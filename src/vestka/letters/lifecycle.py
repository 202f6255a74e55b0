"""The life of a letter as an explicit state machine. Pure Python, no Django.

    submitted ─┬─ send_to_translation → needs_translation ─ translate → submitted
               ├─ request_edit → edit_requested ─ edit → submitted
               ├─ reject → rejected
               └─ approve → approved ─ batch → batched ─ post → posted ─┬─ return → returned
                                  ↑                │                     └─ reply → reply_received
                                  └──── unbatch ───┘
    rejected, returned, reply_received, posted ─ archive → archived

Every action names who may take it. Anything else is refused with a message that says
what the letter's state allows.
"""

from __future__ import annotations

from dataclasses import dataclass

SUBMITTED = "submitted"
NEEDS_TRANSLATION = "needs_translation"
EDIT_REQUESTED = "edit_requested"
APPROVED = "approved"
REJECTED = "rejected"
BATCHED = "batched"
POSTED = "posted"
RETURNED = "returned"
REPLY_RECEIVED = "reply_received"
ARCHIVED = "archived"

STATES = (
    SUBMITTED,
    NEEDS_TRANSLATION,
    EDIT_REQUESTED,
    APPROVED,
    REJECTED,
    BATCHED,
    POSTED,
    RETURNED,
    REPLY_RECEIVED,
    ARCHIVED,
)

SENDER, MODERATOR, TRANSLATOR, DISPATCHER = "sender", "moderator", "translator", "dispatcher"
ROLES = (SENDER, MODERATOR, TRANSLATOR, DISPATCHER)


@dataclass(frozen=True)
class Action:
    name: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    needs_reason: bool = False  # the sender sees it: why rejected, what to edit


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action("send_to_translation", (SUBMITTED,), NEEDS_TRANSLATION, (MODERATOR,)),
        Action("translate", (NEEDS_TRANSLATION,), SUBMITTED, (TRANSLATOR,)),
        Action("request_edit", (SUBMITTED,), EDIT_REQUESTED, (MODERATOR,), needs_reason=True),
        Action("edit", (EDIT_REQUESTED,), SUBMITTED, (SENDER,)),
        Action("reject", (SUBMITTED, EDIT_REQUESTED), REJECTED, (MODERATOR,), needs_reason=True),
        Action("approve", (SUBMITTED,), APPROVED, (MODERATOR,)),
        Action("batch", (APPROVED,), BATCHED, (DISPATCHER,)),
        Action("unbatch", (BATCHED,), APPROVED, (DISPATCHER,)),
        Action("post", (BATCHED,), POSTED, (DISPATCHER,)),
        Action("return", (POSTED,), RETURNED, (DISPATCHER,)),
        Action("reply", (POSTED, RETURNED), REPLY_RECEIVED, (DISPATCHER,)),
        Action(
            "archive",
            (REJECTED, POSTED, RETURNED, REPLY_RECEIVED),
            ARCHIVED,
            (MODERATOR, DISPATCHER),
        ),
    )
}


class TransitionRefused(ValueError):
    """An action the letter's state or the actor's role does not allow."""


def allowed_actions(state: str, role: str) -> list[str]:
    """The actions a role may take on a letter in this state."""
    return [a.name for a in ACTIONS.values() if state in a.sources and role in a.roles]


def transition(state: str, action_name: str, *, role: str, reason: str = "") -> str:
    """The state a letter moves to, or TransitionRefused saying why it cannot."""
    action = ACTIONS.get(action_name)
    if action is None:
        raise TransitionRefused(f"There is no action {action_name!r}.")
    if role not in action.roles:
        raise TransitionRefused(
            f"A {role} cannot {action_name.replace('_', ' ')} a letter; "
            f"only a {' or '.join(action.roles)} can."
        )
    if state not in action.sources:
        possible = allowed_actions(state, role)
        raise TransitionRefused(
            f"The letter is {state.replace('_', ' ')}: “{action_name.replace('_', ' ')}” is "
            "not possible now. "
            + (
                f"A {role} can now: {', '.join(p.replace('_', ' ') for p in possible)}."
                if possible
                else f"There is nothing a {role} can do with it now."
            )
        )
    if action.needs_reason and not reason.strip():
        raise TransitionRefused(f"To {action_name.replace('_', ' ')}, give the sender a reason.")
    return action.target
