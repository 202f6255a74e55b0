"""The letter life cycle: every allowed path, and clear refusals for everything else."""

import pytest

from vestka.letters import lifecycle
from vestka.letters.lifecycle import (
    DISPATCHER,
    MODERATOR,
    SENDER,
    TRANSLATOR,
    TransitionRefused,
    allowed_actions,
    transition,
)


def walk(*steps: tuple[str, str], reason: str = "why") -> str:
    state = lifecycle.SUBMITTED
    for action, role in steps:
        state = transition(state, action, role=role, reason=reason)
    return state


def test_the_usual_path_from_submission_to_a_reply_and_the_archive():
    assert (
        walk(
            ("approve", MODERATOR),
            ("batch", DISPATCHER),
            ("post", DISPATCHER),
            ("reply", DISPATCHER),
            ("archive", DISPATCHER),
        )
        == lifecycle.ARCHIVED
    )


def test_translation_and_edits_come_back_to_the_moderator():
    assert walk(("send_to_translation", MODERATOR), ("translate", TRANSLATOR)) == "submitted"
    assert walk(("request_edit", MODERATOR), ("edit", SENDER)) == "submitted"


def test_a_batch_can_be_undone_before_posting_but_not_after():
    assert walk(("approve", MODERATOR), ("batch", DISPATCHER), ("unbatch", DISPATCHER)) == (
        "approved"
    )
    with pytest.raises(TransitionRefused, match="posted"):
        walk(
            ("approve", MODERATOR),
            ("batch", DISPATCHER),
            ("post", DISPATCHER),
            ("unbatch", DISPATCHER),
        )


def test_an_action_twice_is_refused_and_says_what_is_possible():
    with pytest.raises(TransitionRefused) as refusal:
        walk(("approve", MODERATOR), ("approve", MODERATOR))
    assert "approved" in str(refusal.value)
    assert "nothing a moderator can do" in str(refusal.value)


def test_roles_are_kept_to_their_work():
    with pytest.raises(TransitionRefused, match="only a moderator"):
        transition(lifecycle.SUBMITTED, "approve", role=SENDER)
    with pytest.raises(TransitionRefused, match="only a dispatcher"):
        transition(lifecycle.APPROVED, "batch", role=MODERATOR)


def test_rejecting_or_asking_for_an_edit_needs_a_reason_for_the_sender():
    with pytest.raises(TransitionRefused, match="reason"):
        transition(lifecycle.SUBMITTED, "reject", role=MODERATOR, reason="  ")
    assert transition(lifecycle.SUBMITTED, "reject", role=MODERATOR, reason="politics") == (
        "rejected"
    )


def test_unknown_actions_are_refused():
    with pytest.raises(TransitionRefused, match="no action"):
        transition(lifecycle.SUBMITTED, "print", role=DISPATCHER)


def test_every_state_is_reachable_and_every_action_leads_to_a_state():
    reachable = {lifecycle.SUBMITTED}
    changed = True
    while changed:
        changed = False
        for action in lifecycle.ACTIONS.values():
            if reachable & set(action.sources) and action.target not in reachable:
                reachable.add(action.target)
                changed = True
    assert reachable == set(lifecycle.STATES)
    assert allowed_actions(lifecycle.ARCHIVED, MODERATOR) == []


def test_the_stored_states_are_the_life_cycle_states():
    from vestka.letters.models import Letter

    assert tuple(Letter.State.values) == lifecycle.STATES
