"""The supporters of a day of action, for locust: readers who browse and search, and
letter writers who submit through the partner API. Run by benchmarks/day_of_action.py,
which starts Vestka, runs `locust --headless` with this file and checks the database
afterwards; its settings come from the environment:

- VESTKA_BENCH_PORTS: the web processes' ports, comma-separated (127.0.0.1 only);
- VESTKA_BENCH_PEOPLE: a JSON file of person ids to visit and write to;
- VESTKA_BENCH_TOKEN: the partner app's token;
- VESTKA_BENCH_WRITERS: how many letter writers (each writes one letter a second);
- VESTKA_BENCH_THINK: the seconds a reader spends on a page;
- VESTKA_BENCH_KEYS: where to write the Idempotency-Keys of the letters answered 201,
  and of those whose answer never came.
"""

from __future__ import annotations

import json
import os
import random
import uuid
from pathlib import Path
from urllib.parse import quote

from locust import HttpUser, constant, constant_throughput, events, task

PORTS = [int(port) for port in os.environ.get("VESTKA_BENCH_PORTS", "8000").split(",")]
PEOPLE = json.loads(Path(os.environ["VESTKA_BENCH_PEOPLE"]).read_text())
TOKEN = os.environ.get("VESTKA_BENCH_TOKEN", "")
LETTER = (
    "Прывітанне! Піша табе Ала з Гродна. У нас нарэшце выпаў снег, і мы з сабакам кожную "
    "раніцу гуляем у парку. Я чытаю «Дзікае паляванне караля Стаха», вельмі падабаецца. "
    "Увечары мы з сябрамі пяклі пернікі і спявалі песні. А што ты цяпер чытаеш? Якія кнігі "
    "табе даслаць? Абдымаю моцна і чакаю ліста."
)
SEARCHES = ["Aliaksandrau", "Алесь", "Ковальчук", "Nasta Loika", "Андрэй", "Ivanova", "Ціханоўская"]
# A reverse proxy in front hands each request on over a small pool of connections;
# hundreds of readers do not each hold one of a web process's (waitress serves 100).
CLOSE = {"Connection": "close"}

created: list[str] = []
unanswered: list[str] = []
# Every request's time in milliseconds and its status, by kind: the report computes
# its percentiles from these exact times (locust's own statistics round them).
timings: dict[str, list[float]] = {}
statuses: dict[str, dict[str, int]] = {}


def _url(path: str) -> str:
    return f"http://127.0.0.1:{random.choice(PORTS)}{path}"


class Reader(HttpUser):
    """A supporter reading: a person's page (twice as often), the people list, a name
    search on the site or through the API, the write page."""

    host = "http://127.0.0.1"
    wait_time = constant(float(os.environ.get("VESTKA_BENCH_THINK", "5")))

    def _read(self, kind: str, path: str) -> None:
        self.client.get(_url(path), name=kind, headers=CLOSE)

    @task(2)
    def person_page(self) -> None:
        self._read("person page", f"/people/{random.choice(PEOPLE)}/")

    @task
    def people_list(self) -> None:
        self._read("people list", f"/people/?status=active&page={random.randint(1, 20)}")

    @task
    def site_search(self) -> None:
        self._read("site search", f"/people/?name={quote(random.choice(SEARCHES))}")

    @task
    def api_search(self) -> None:
        self._read("API search", f"/api/v1/people?q={quote(random.choice(SEARCHES))}")

    @task
    def write_page(self) -> None:
        self._read("write page", f"/people/{random.choice(PEOPLE)}/write/")


class LetterWriter(HttpUser):
    """A partner app submitting one letter a second, each with its own Idempotency-Key."""

    host = "http://127.0.0.1"
    fixed_count = int(os.environ.get("VESTKA_BENCH_WRITERS", "50"))
    wait_time = constant_throughput(1)

    @task
    def letter(self) -> None:
        key = uuid.uuid4().hex
        body = {"person_id": random.choice(PEOPLE), "sender_name": "Ала", "text": LETTER}
        headers = {**CLOSE, "Authorization": f"Bearer {TOKEN}", "Idempotency-Key": key}
        with self.client.post(
            _url("/api/v1/letters"),
            data=json.dumps(body, ensure_ascii=False).encode(),
            headers={**headers, "Content-Type": "application/json"},
            name="letter (API)",
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                created.append(key)
                response.success()
            elif not response.status_code:
                unanswered.append(key)  # the letter may still have been made
                response.failure("no answer")
            else:
                response.failure(f"HTTP {response.status_code}")


@events.request.add_listener
def _recorded(name, response_time, response, exception, **_kwargs) -> None:
    status = response.status_code if response is not None else 0
    outcome = str(status) if status else type(exception).__name__
    timings.setdefault(name, []).append(response_time)
    kind = statuses.setdefault(name, {})
    kind[outcome] = kind.get(outcome, 0) + 1


@events.quitting.add_listener
def _written(environment, **_kwargs) -> None:
    Path(os.environ["VESTKA_BENCH_KEYS"]).write_text(
        json.dumps(
            {
                "created": created,
                "unanswered": unanswered,
                "timings": timings,
                "statuses": statuses,
            }
        )
    )
