"""The words on respondent pages that are not part of a survey, in each language we serve."""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

ENGLISH: Mapping[str, str] = MappingProxyType({
    "site_name": "voices",
    "skip_to_content": "Skip to main content",
    "emergency": "Emergency",
    "exit_this_page": "Exit this page",
    "support_heading": "If you need support now",
    "safety_link": "How to use this site safely",
    "error_prefix": "Error",
    "error_summary_title": "There is a problem",
    "or_word": "or",
    "max_characters": "You can enter up to {:,} characters",
    "trap_label": "Leave this field empty",
    "home_heading": "Have your say",
    "home_intro": "Short anonymous surveys that help local services prevent sexual violence and support people affected by it.",
    "no_open_surveys": "There are no surveys open at the moment.",
    "start_title": "About this survey",
    "minutes": "It takes about {} minutes.",
    "anonymity_heading": "Your answers are anonymous",
    "anonymity_body": "We do not ask for your name or contact details and we do not record your IP address, your device or the time you answered. If you type a name, phone number, address or place into a comment box, it is removed before your answer is saved.",
    "skip_any": "You can skip any question. You can leave at any time with the Exit this page button, or by pressing the Shift key 3 times.",
    "content_note": "Content note",
    "start_now": "Start now",
    "question_title": "Question {} of {}",
    "question_of": "Question {} of {}",
    "back": "Back",
    "continue": "Continue",
    "skip_hint": "You can leave this blank and select Continue to skip it.",
    "check_title": "Check your answers",
    "not_answered": "Not answered",
    "change": "Change",
    "send_heading": "Send your answers",
    "send_body": "Once you send your answers you cannot change them, because we cannot tell which answers are yours.",
    "send": "Send answers",
    "done_title": "Thank you",
    "done_body": "Your answers have been sent",
    "done_next": "Your answers will be read together with everyone else's and used to shape local services.",
    "done_home": "Go to the start",
    "not_found_heading": "Page not found",
    "not_found_body": "There is no survey at this address. It may have been closed or renamed.",
    "closed_heading": "This survey is closed",
    "closed_body": "This survey is not taking answers at the moment.",
    "already_sent_heading": "Your answers have already been sent",
    "already_sent_body": "We received this form once already, so nothing more was saved.",
    "problem_heading": "Sorry, there is a problem",
    "not_sent": "Sorry, there is a problem: your answers were not sent. They are all still here. Select Send answers to try again.",
    "not_saved": "Sorry, your answers could not be saved just now. They are all still here. Select Send answers to try again.",
    "problem_body": "Your answers could not be checked. Go back to the start and try again.",
    "too_many_heading": "Please wait a moment",
    "too_many_body": "We have had a lot of answers from this connection. Wait a few minutes and send them again.",
    "safety_title": "Using this site safely",
    "safety_exit": "Every page has an Exit this page button. It takes you straight to a weather page and clears this site from the current tab.",
    "safety_shift": "On a computer you can also press the Shift key 3 times to leave quickly.",
    "safety_private_heading": "Use private browsing",
    "safety_private": "Private browsing stops your browser saving the pages you visit. Open a private window before you start:",
    "safety_private_chrome": "Chrome: menu, then New Incognito window",
    "safety_private_safari": "Safari on iPhone: tabs button, then Private",
    "safety_private_firefox": "Firefox: menu, then New private window",
    "safety_private_edge": "Edge: menu, then New InPrivate window",
    "safety_history_heading": "Clear your history",
    "safety_history": "If you did not use private browsing, you can delete this site from your browser history afterwards. This site stores nothing on your device.",
    "safety_danger_heading": "If you are in danger",
    "safety_danger": "Call 999. If you cannot speak, stay on the line and press 55 when asked, so the police know it is an emergency.",
})

WELSH: Mapping[str, str] = MappingProxyType({
    "skip_to_content": "Neidio i'r prif gynnwys",
    "emergency": "Argyfwng",
    "exit_this_page": "Gadael y dudalen hon",
    "support_heading": "Os oes angen cymorth arnoch nawr",
    "safety_link": "Sut i ddefnyddio'r wefan hon yn ddiogel",
    "error_prefix": "Gwall",
    "error_summary_title": "Mae problem wedi codi",
    "or_word": "neu",
    "start_title": "Am yr arolwg hwn",
    "minutes": "Mae'n cymryd tua {} munud.",
    "anonymity_heading": "Mae eich atebion yn ddienw",
    "start_now": "Dechrau nawr",
    "question_title": "Cwestiwn {} o {}",
    "question_of": "Cwestiwn {} o {}",
    "back": "Yn ôl",
    "continue": "Parhau",
    "check_title": "Gwiriwch eich atebion",
    "not_answered": "Heb ateb",
    "change": "Newid",
    "send": "Anfon atebion",
    "done_title": "Diolch",
    "done_body": "Mae eich atebion wedi cael eu hanfon",
    "done_home": "Mynd i'r dechrau",
})

LANGUAGE_NAMES: Mapping[str, str] = MappingProxyType({"en": "English", "cy": "Cymraeg"})
_BY_LANGUAGE = {"en": ENGLISH, "cy": {**ENGLISH, **WELSH}}


def messages_for(language: str) -> Mapping[str, str]:
    """The page words in `language`, English wherever a translation is missing."""
    return _BY_LANGUAGE.get(language, ENGLISH)
