"""The honest statement of what happens to a letter, for every kind of custody."""

import pytest

from vestka.letters.deliverability import (
    DIED,
    INCOMMUNICADO,
    KEEP_FOR_RELEASE,
    PRETRIAL,
    RELEASED,
    SEND_NOW,
    SENTENCED,
    UNKNOWN,
    WRITE_TO_FEWEST,
    deliverability,
)


@pytest.mark.parametrize(
    ("custody", "incommunicado", "facility", "sentenced", "kind", "first_route"),
    [
        ("in_custody", False, "pretrial", False, PRETRIAL, SEND_NOW),
        ("in_custody", False, "penal_colony", False, PRETRIAL, SEND_NOW),  # awaiting verdict
        ("in_custody", False, "pretrial", True, PRETRIAL, SEND_NOW),  # sentenced, not moved yet
        ("in_custody", False, "penal_colony", True, SENTENCED, SEND_NOW),
        ("in_custody", True, "penal_colony", True, INCOMMUNICADO, KEEP_FOR_RELEASE),
        ("released", False, None, True, RELEASED, WRITE_TO_FEWEST),
        ("died_in_custody", False, None, True, DIED, WRITE_TO_FEWEST),
        ("died", False, None, True, DIED, WRITE_TO_FEWEST),
        ("unknown", False, None, False, UNKNOWN, KEEP_FOR_RELEASE),
    ],
)
def test_each_kind_of_custody_gets_its_statement_and_routes(
    custody, incommunicado, facility, sentenced, kind, first_route
):
    result = deliverability(
        custody=custody, incommunicado=incommunicado, facility_kind=facility, sentenced=sentenced
    )
    assert result.kind == kind
    assert result.routes[0] == first_route
    assert WRITE_TO_FEWEST in result.routes  # someone else can always use a letter
