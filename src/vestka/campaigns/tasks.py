"""Background tasks of campaigns, run by `vestka worker` (see ``operations.worker``).
Each can be run again safely."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from vestka.campaigns import selectors
from vestka.campaigns.models import Campaign
from vestka.cards import services as card_services


@task()
def campaign_cards_draw(*, campaign_id: int) -> int:
    """Draw the share cards of a campaign's people ahead of its supporters (at most
    VESTKA_CARDS_DRAW_AHEAD people). Returns how many cards were drawn."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    people = selectors.campaign_people(campaign=campaign).order_by("pk")
    person_ids = list(people.values_list("pk", flat=True)[: settings.VESTKA_CARDS_DRAW_AHEAD])
    return card_services.people_cards_draw(person_ids=person_ids)
