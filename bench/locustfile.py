"""Members of a community at work, for locust: browsing, searching, reading and posting questions and
answers, registering to events and cancelling.

Run by `make load` (bench/load.py) against a stack it brings up; by hand:
    locust -f bench/locustfile.py --host http://127.0.0.1:8302 --headless -u 10 -r 5 -t 30s

Each simulated member signs in once (the data set's charge<N>@terreau.test members, the demo
password) from an address of their own (X-Forwarded-For, believed from the local proxy as in
production: rate limits count per person, not for the whole test). Requests are named by route,
so that the report gives a p95 per page. A response holding "database is locked" is a failure.
"""

import itertools
import random
import re

from locust import HttpUser, between, events, task

COMMUNITY = "circuits-courts"
PASSWORD = "terreau-demo"
SEARCH_WORDS = ["circuits courts", "marché", "logistique", "cantine", "producteurs", "vente directe"]
_numbers = itertools.count()


@events.init_command_line_parser.add_listener
def _arguments(parser):
    parser.add_argument("--community", default=COMMUNITY, help="the community the members work in")


class Member(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.number = next(_numbers)
        self.community = self.environment.parsed_options.community if self.environment.parsed_options else COMMUNITY
        self.base = f"/c/{self.community}"
        self.client.headers["X-Forwarded-For"] = (
            f"10.{self.number // 250 % 250}.{self.number % 250}.{random.randint(1, 250)}"
        )
        self.items: list[str] = []
        self.questions: list[str] = []
        self.events: list[str] = []
        self._get("/accounts/login/", "sign in (form)")
        with self.client.post(
            "/accounts/login/",
            {"login": f"charge{self.number % 60}@terreau.test", "password": PASSWORD, **self._csrf()},
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"sign-in refused (HTTP {response.status_code})")

    def _csrf(self) -> dict:
        return {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}

    def _get(self, path: str, name: str):
        with self.client.get(path, name=name, catch_response=True) as response:
            if "database is locked" in response.text:
                response.failure("database is locked")
            elif response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif response.history:  # the sign-in or the terms to accept instead of the page asked
                response.failure(f"redirected to {response.url}")
            else:
                response.success()
            return response

    @task(4)
    def community_page(self):
        self._get(f"{self.base}/", "community")

    @task(5)
    def knowledge_list(self):
        response = self._get(f"{self.base}/knowledge/", "knowledge list")
        self.items = re.findall(rf'href="{self.base}/knowledge/(\d+)/"', response.text) or self.items

    @task(4)
    def knowledge_item(self):
        if not self.items:
            return self.knowledge_list()
        self._get(f"{self.base}/knowledge/{random.choice(self.items)}/", "knowledge item")

    @task(3)
    def search(self):
        self._get(f"{self.base}/knowledge/?q={random.choice(SEARCH_WORDS)}", "knowledge search")

    @task(3)
    def question_list(self):
        response = self._get(f"{self.base}/questions/", "question list")
        self.questions = re.findall(rf'href="{self.base}/questions/(\d+)/"', response.text) or self.questions

    @task(3)
    def question_page(self):
        if not self.questions:
            return self.question_list()
        self._get(f"{self.base}/questions/{random.choice(self.questions)}/", "question")

    @task(1)
    def ask(self):
        self._get(f"{self.base}/questions/ask/", "ask (form)")
        with self.client.post(
            f"{self.base}/questions/ask/",
            {
                "title": f"Charge {self.number}: qui connaît un abattoir mobile près de Ciney ?",
                "body": "Nous cherchons une solution pour une dizaine d'éleveurs.",
                "visibility": "members",
                **self._csrf(),
            },
            name="ask",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302 and "/questions/" in response.headers.get("Location", ""):
                response.success()
            else:
                response.failure(f"question not posted (HTTP {response.status_code})")

    @task(1)
    def answer(self):
        if not self.questions:
            return self.question_list()
        question = random.choice(self.questions)
        with self.client.post(
            f"{self.base}/questions/{question}/",
            {"body": f"Réponse de charge {self.number}: l'abattoir de Gedinne prête sa remorque.", **self._csrf()},
            name="answer",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"answer not posted (HTTP {response.status_code})")

    @task(1)
    def calendar(self):
        response = self._get(f"{self.base}/events/", "events calendar")
        # The coming workshops with places (bench/stack.py); any coming event else.
        found = re.findall(rf'href="{self.base}/events/(\d+)/">Atelier de charge', response.text)
        self.events = found or re.findall(rf'href="{self.base}/events/(\d+)/"', response.text) or self.events

    @task(2)
    def event_registration(self):
        """Open the calendar, an event page, register; sometimes think better of it and cancel."""
        self.calendar()
        if not self.events:
            return
        event = random.choice(self.events)
        self._get(f"{self.base}/events/{event}/", "event")
        self._post_event(f"{self.base}/events/{event}/register/", "event registration")
        if random.random() < 0.3:
            self._post_event(f"{self.base}/events/{event}/unregister/", "event cancellation")

    def _post_event(self, path: str, name: str) -> None:
        """Registering and cancelling answer with the event's page (302), full or not."""
        with self.client.post(path, self._csrf(), name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code == 302 and "/events/" in response.headers.get("Location", ""):
                response.success()
            else:
                response.failure(f"{name} refused (HTTP {response.status_code})")
