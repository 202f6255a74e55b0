"""What honestly happens to a letter written to a person now, from the registry alone.
Pure Python, no Django: the selector passes in what the registry knows.

Belarusian practice, as support groups report it: letters reach a pre-trial centre but
stay there when the person is transferred; after sentencing many prisoners may receive
letters only from close relatives or people they named; a prisoner held incommunicado
receives nothing. The writer is told so, and offered the routes groups use: send now,
keep the letter for delivery on release, or write to someone who has had the fewest
letters lately and can receive them.
"""

from __future__ import annotations

from dataclasses import dataclass

PRETRIAL = "pretrial"  # letters arrive, but stay behind if the person is moved
SENTENCED = "sentenced"  # may be handed over only from relatives or named people
INCOMMUNICADO = "incommunicado"  # nothing is handed over
RELEASED = "released"  # free: no prison letter needed
DIED = "died"
UNKNOWN = "unknown"  # the registry does not know where the person is

SEND_NOW, KEEP_FOR_RELEASE, WRITE_TO_FEWEST = "send_now", "keep_for_release", "write_to_fewest"

PRETRIAL_FACILITIES = {"pretrial", "temporary"}


@dataclass(frozen=True)
class Deliverability:
    kind: str
    routes: tuple[str, ...]  # best first

    @property
    def can_send_now(self) -> bool:
        return SEND_NOW in self.routes


def deliverability(
    *, custody: str, incommunicado: bool, facility_kind: str | None, sentenced: bool
) -> Deliverability:
    """The honest statement for one person. ``custody`` is the registry's derived state
    (in_custody, released, died_in_custody, died, unknown)."""
    if custody in ("died_in_custody", "died"):
        return Deliverability(DIED, (WRITE_TO_FEWEST,))
    if custody == "released":
        return Deliverability(RELEASED, (WRITE_TO_FEWEST,))
    if custody != "in_custody":
        return Deliverability(UNKNOWN, (KEEP_FOR_RELEASE, WRITE_TO_FEWEST))
    if incommunicado:
        return Deliverability(INCOMMUNICADO, (KEEP_FOR_RELEASE, WRITE_TO_FEWEST))
    if not sentenced or facility_kind in PRETRIAL_FACILITIES:
        return Deliverability(PRETRIAL, (SEND_NOW, KEEP_FOR_RELEASE, WRITE_TO_FEWEST))
    return Deliverability(SENTENCED, (SEND_NOW, KEEP_FOR_RELEASE, WRITE_TO_FEWEST))
