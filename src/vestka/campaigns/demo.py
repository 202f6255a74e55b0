"""Fictional campaigns and solidarity messages for the demo registry: a campaign for one
journalist, a group campaign for everyone tagged a journalist, the 21 May day of action
and one that has ended. Written through the campaign, message and letter services, so
every counter comes from the event logs as it would for real. The same seed and the
same day give the same data."""

from __future__ import annotations

import datetime
import random
from collections import Counter

from django.utils import timezone

from vestka.campaigns.models import Campaign, ShareEvent
from vestka.campaigns.services import (
    CampaignRefused,
    campaign_create,
    message_act,
    message_submit,
    share_record,
)
from vestka.letters.demo import LETTERS, SENDERS
from vestka.letters.services import letter_submit
from vestka.registry.models import Country, Tag
from vestka.registry.selectors import people_behind_bars_now

# Solidarity messages in the languages supporters write them in.
MESSAGES = [
    "Трымайся! Мы памятаем пра цябе кожны дзень.",
    "Держись, мы с тобой. Ты не один.",
    "We are thinking of you every day. You are not forgotten.",
    "Myślimy o Tobie. Trzymaj się!",
    "Wir denken an dich. Bleib stark!",
    "Nous pensons à toi chaque jour. Courage !",
    "Тримайся! Ми пам'ятаємо.",
    "Your words mattered, and they still do. Thank you.",
    "Дзякуй за тваю смеласць. Чакаем дома!",
    "Pensamos en ti. ¡Ánimo!",
    "Спасибо за честную журналистику. Ждём тебя на свободе.",
    "Ar tevi domās, esi stiprs!",
]
# How each demo message ends: most are approved, some wait, one is rejected.
DECISIONS = ["approve", "approve", "approve", "", "approve", "reject", "approve", ""]


def demo_campaigns(*, seed: int = 1, today: datetime.date | None = None) -> Counter[str]:
    """Make the demo campaigns and their messages, letters and shares; returns how many
    of each were made. Makes nothing without people behind bars to campaign for."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    made: Counter[str] = Counter()
    held = list(
        people_behind_bars_now()
        .filter(incommunicado=False, facility__isnull=False)
        .order_by("pk")[:400]
    )
    country = Country.objects.filter(code="BY").first()
    if not held or country is None:
        return made
    journalists = Tag.objects.filter(slug="journalists").first()
    tagged = [p for p in held if journalists and p.tags.filter(pk=journalists.pk).exists()]
    one = rng.choice(tagged or held)
    month_start = today.replace(day=1)

    campaigns = [
        campaign_create(
            slug="letters-for-a-journalist",
            kind=Campaign.Kind.PERSON,
            country=country,
            title_en=f"Letters for {one.name}",
            title_be=f"Лісты для: {one.name}",
            title_ru=f"Письма для: {one.name}",
            description_en=(
                "A journalist jailed for doing their work. Letters about everyday life — "
                "books, weather, your town — show that they are not forgotten. "
                "(A fictional demo campaign.)"
            ),
            description_be=(
                "Журналіст за кратамі за сваю працу. Лісты пра штодзённае жыццё — кнігі, "
                "надвор'е, ваш горад — паказваюць, што пра яго памятаюць. (Дэманстрацыйная "
                "кампанія.)"
            ),
            starts_on=month_start,
            ends_on=month_start + datetime.timedelta(days=75),
            hashtag="LettersForJournalists",
            people=[one],
            goal_letters=5,
            goal_period=Campaign.GoalPeriod.MONTH,
        )
    ]
    if journalists is not None:
        campaigns.append(
            campaign_create(
                slug="journalists-behind-bars",
                kind=Campaign.Kind.GROUP,
                country=country,
                title_en="Journalists behind bars",
                title_be="Журналісты за кратамі",
                title_ru="Журналисты за решёткой",
                description_en=(
                    "Every journalist held for their work gets at least three letters this "
                    "month. The list follows the registry: whoever is detained joins it, "
                    "whoever is released leaves it. (A fictional demo campaign.)"
                ),
                description_ru=(
                    "Каждый журналист, которого держат за его работу, получает в этом месяце "
                    "хотя бы три письма. (Демонстрационная кампания.)"
                ),
                starts_on=today - datetime.timedelta(days=30),
                hashtag="JournalismIsNotACrime",
                tag=journalists,
                goal_letters=3,
                goal_period=Campaign.GoalPeriod.MONTH,
            )
        )
    campaigns.append(
        campaign_create(
            slug="day-of-solidarity-21-may",
            kind=Campaign.Kind.DAY_OF_ACTION,
            country=country,
            title_en="Day of Solidarity with Political Prisoners in Belarus",
            title_be="Дзень салідарнасці з палітвязнямі Беларусі",
            title_ru="День солидарности с политзаключёнными Беларуси",
            description_en=(
                "Every year on 21 May, in memory of a political prisoner who died in a penal "
                "colony, people around the world write to those still behind bars. "
                "(The people named here are fictional.)"
            ),
            description_be=(
                "Кожны год 21 мая, у памяць пра палітвязня, які загінуў у калоніі, людзі па "
                "ўсім свеце пішуць тым, хто яшчэ за кратамі. (Людзі тут выдуманыя.)"
            ),
            description_ru=(
                "Каждый год 21 мая, в память о политзаключённом, погибшем в колонии, люди по "
                "всему миру пишут тем, кто ещё за решёткой. (Люди здесь вымышленные.)"
            ),
            starts_on=datetime.date(2021, 5, 1),
            day_of_action=datetime.date(2021, 5, 21),
            recurs_yearly=True,
            hashtag="SolidarityWithBelarus",
            people=rng.sample(held, min(12, len(held))),
            goal_letters=2,
        )
    )
    try:
        campaigns.append(
            campaign_create(
                slug="new-year-postcards",
                kind=Campaign.Kind.PERSON,
                country=country,
                title_en=f"New Year postcards for {held[-1].name}",
                title_ru=f"Новогодние открытки для: {held[-1].name}",
                starts_on=today - datetime.timedelta(days=120),
                ends_on=today - datetime.timedelta(days=60),
                people=[held[-1]],
            )
        )
    except CampaignRefused:  # a registry of one person has no second name to use
        pass
    made["campaigns"] = len(campaigns)

    # Letters to the person campaign's journalist, so its progress moves.
    for _number in range(3):
        letter_submit(
            person=one, sender_name=rng.choice(SENDERS), text=rng.choice(LETTERS), ui_language="en"
        )
        made["letters"] += 1

    live = [c for c in campaigns if c.ends_on is None or c.ends_on >= today]
    for number, text in enumerate(MESSAGES):
        to_campaign = number % 3 != 2
        message = message_submit(
            sender_name=rng.choice(SENDERS),
            text=text,
            campaign=live[number % len(live)] if to_campaign else None,
            person=None if to_campaign else one,
            today=today,
        )
        decision = DECISIONS[number % len(DECISIONS)]
        if decision:
            message_act(message_id=message.pk, action=decision)
        made[f"messages {decision or 'waiting'}"] += 1

    networks = list(ShareEvent.Network.values)
    for campaign in live:
        for _click in range(rng.randint(3, 12)):
            share_record(campaign=campaign, network=rng.choice(networks))
            made["shares"] += 1
    return made
