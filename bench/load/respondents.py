"""Locust users for the load bench (bench/load/run.py starts Locust with this file).

`Respondent`: a person walking a shipped survey page by page as a browser without JavaScript
would: GET the form, "Start now", one POST per question (answering most, skipping some), and
"Send" from the check page, pausing to read and answer between pages. The users are split evenly
between the servers in VOICES_LOAD_HOSTS.

`ReplayingScript`: on the same address as the respondents, each copy walks a survey once without
pausing, then sends its captured "Send" request over and over, and sends fresh forms straight
back; none of it may store anything past each copy's first send, nor stop the people.

Each request is written to VOICES_LOAD_RECORD (one JSON line each: when, step, milliseconds,
status), and the hash of every token whose send was acknowledged (the done page) to
VOICES_LOAD_ACKNOWLEDGED, for run.py to compare with the rows stored.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import random
import re
from pathlib import Path
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

HOSTS = os.environ.get("VOICES_LOAD_HOSTS", "http://127.0.0.1:8000").split(",")
SURVEYS = ("awareness", "attitudes", "survivor-feedback")
FORM = {"content-type": "application/x-www-form-urlencoded"}
SENT = "Your answers have been sent"
ALREADY_SENT = "Your answers have already been sent"
MAX_PAGES = 60  # a walk that has not reached the check page by then is lost in a loop: a bug

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
CHOICE = re.compile(r'name="(a-[^"]+)" type="(radio|checkbox)" value="([^"]*)"')
TYPED = re.compile(r'<(?:textarea|input)(?![^>]*type="(?:radio|checkbox|hidden)")[^>]*\bname="(a-[^"]+)"')
NUMBER = re.compile(r'name="(a-[^"]+)" type="text" inputmode="numeric"')

# Written for this bench: short comments of the kinds people leave, one naming a place.
COMMENTS = (
    "The posters at the station were the first time I saw the helpline number.",
    "I did not know you could talk to someone without going to the police.",
    "More in schools please, the younger ones need to hear this early.",
    "Waiting three months for counselling felt far too long.",
    "The staff at the centre by Westbridge market were kind and did not rush me.",
)

_requests: list[dict[str, object]] = []
_acknowledged: list[str] = []


@events.request.add_listener
def _record(
    name: str, response_time: float, response: object, exception: object, start_time: float, **_: object
) -> None:
    status = getattr(response, "status_code", 0) or 0
    error = repr(exception)[:120] if exception is not None else ""
    _requests.append({"at": start_time, "step": name, "ms": response_time, "status": status, "error": error})


@events.quitting.add_listener
def _write(**_: object) -> None:
    Path(os.environ["VOICES_LOAD_RECORD"]).write_text("".join(json.dumps(r) + "\n" for r in _requests))
    Path(os.environ["VOICES_LOAD_ACKNOWLEDGED"]).write_text("".join(h + "\n" for h in _acknowledged))


def hidden_fields(page: str) -> list[tuple[str, str]]:
    return [(name, html.unescape(value)) for name, value in HIDDEN.findall(page)]


def token_hash(fields: list[tuple[str, str]]) -> str:
    """What the server stores of a spent form token (surveys/tokens.py): the hash of its random part."""
    return hashlib.sha256(dict(fields)["_token"].split(".")[0].encode()).hexdigest()


def think() -> None:
    """Reading and answering a page: 0.5 to 2 s (a walk of ten pages takes 5 to 20 s).

    Not User.wait(): that ends the walk when the run stops, and a walk cut off before its send
    would leave the end of the run measuring nothing; --stop-timeout lets each walk finish."""
    gevent.sleep(random.uniform(0.5, 2.0))


def answers_for(page: str, rng: random.Random) -> list[tuple[str, str]]:
    """What a person might put on this question page; one time in eight they skip it."""
    if rng.random() < 0.125:
        return []
    choices: dict[str, list[tuple[str, str]]] = {}
    for name, kind, value in CHOICE.findall(page):
        choices.setdefault(name, []).append((kind, value))
    for name, offered in choices.items():
        # One choice, even for a checkbox list: some lists have an answer that excludes the rest.
        return [(name, rng.choice(offered)[1])]
    numbers = set(NUMBER.findall(page))
    for name in TYPED.findall(page):
        if name in numbers:
            return [(name, str(rng.randint(0, 12)))]
        # Half of the people who reach a comment box write something.
        return [(name, rng.choice(COMMENTS))] if rng.random() < 0.5 else []
    return []


class Walker(FastHttpUser):
    abstract = True
    host = HOSTS[0]
    _started = itertools.count()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Each user keeps to one server, the users split evenly between them. Not a server per
        # request: uvicorn closes a connection idle for 5 s, and a POST sent on it as it closes
        # fails with no response, which a browser would retry but Locust's client does not.
        self.server = HOSTS[next(self._started) % len(HOSTS)]

    def url(self, path: str) -> str:
        return self.server + path

    def get_form(self, slug: str, name: str) -> str:
        with self.client.get(self.url(f"/surveys/{slug}"), name=name, catch_response=True) as response:
            if response.status_code != 200 or 'name="_token"' not in (response.text or ""):
                response.failure(f"no form: {response.status_code}")
                raise StopUser()
            return response.text

    def post(self, slug: str, fields: list[tuple[str, str]], name: str):
        return self.client.post(
            self.url(f"/surveys/{slug}"), data=urlencode(fields), headers=FORM, name=name, catch_response=True
        )

    def walk_to_check(self, slug: str, rng: random.Random, pause: bool) -> list[tuple[str, str]]:
        """From the form to the check page; the check page's fields, ready to send."""
        page = self.get_form(slug, "1 GET form" if pause else "script: GET form")
        action = "start"
        for _ in range(MAX_PAGES):
            if pause:
                think()
            fields = hidden_fields(page) + answers_for(page, rng) + [("_action", action)]
            name = ("2 POST start" if action == "start" else "3 POST answer") if pause else "script: POST step"
            with self.post(slug, fields, name) as response:
                if response.status_code != 200:
                    response.failure(f"step refused: {response.status_code}")
                    raise StopUser()
                page = response.text
            action = "next"
            carried = dict(hidden_fields(page))
            if carried.get("_step") == "check":
                return hidden_fields(page)
        raise RuntimeError(f"{slug}: no check page after {MAX_PAGES} pages")


class Respondent(Walker):
    """A person: reads, answers, sends once, and later another person takes their place."""

    wait_time = between(0.5, 2.0)  # before the next person starts

    @task
    def answer_a_survey(self) -> None:
        rng = random.Random()
        slug = rng.choice(SURVEYS)
        fields = self.walk_to_check(slug, rng, pause=True)
        think()
        with self.post(slug, fields + [("_action", "submit")], "4 POST send") as response:
            if response.status_code == 200 and SENT in (response.text or ""):
                _acknowledged.append(token_hash(fields))
            else:
                response.failure(f"send not acknowledged: {response.status_code}")


class ReplayingScript(Walker):
    """A script on the respondents' address, running VOICES_LOAD_SCRIPTS copies of itself at once:
    a captured send replayed, and fresh forms sent straight back."""

    fixed_count = int(os.environ.get("VOICES_LOAD_SCRIPTS", "4"))
    wait_time = between(0.05, 0.1)

    def on_start(self) -> None:
        rng = random.Random()
        self.captured = self.walk_to_check("awareness", rng, pause=False)
        self.wait_past_minimum_time()
        with self.post("awareness", self.captured + [("_action", "submit")], "script: first send") as response:
            if SENT in (response.text or ""):
                _acknowledged.append(token_hash(self.captured))
            response.success()

    def wait_past_minimum_time(self) -> None:
        gevent.sleep(float(os.environ.get("VOICES_MIN_SECONDS_TO_COMPLETE", "3")) + 0.5)

    @task(3)
    def replay_the_captured_send(self) -> None:
        with self.post("awareness", self.captured + [("_action", "submit")], "script: replayed send") as response:
            self.expect_refused(response)

    @task(1)
    def send_without_waiting(self) -> None:
        # A fresh form sent straight back with the captured answers, as a script would: no pages between.
        page = self.get_form("awareness", "script: GET form")
        fields = hidden_fields(page) + [(n, v) for n, v in self.captured if n.startswith("a-")]
        with self.post("awareness", fields + [("_action", "submit")], "script: unwaited send") as response:
            if SENT in (response.text or ""):
                # Its form had been out past the minimum time by the server's clock (queued on a
                # busy server): indistinguishable from a person's, it is stored and counted as one.
                _acknowledged.append(token_hash(fields))
                response.request_meta["name"] = "script: unwaited send, stored"
                response.success()
            else:
                self.expect_refused(response)

    @staticmethod
    def expect_refused(response) -> None:
        # Refused as already sent (200, the message page), not accepted (400), or limited (429).
        if SENT in (response.text or "") and ALREADY_SENT not in (response.text or ""):
            response.failure("the script's send was stored")
        elif response.status_code in (200, 400, 429):
            response.success()
