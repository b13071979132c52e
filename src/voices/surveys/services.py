"""What the respondent pages and API need, built once by the app and shared by every request."""

from __future__ import annotations

from dataclasses import dataclass

from voices.pages.render import Renderer
from voices.privacy.abuse import AbuseGuard
from voices.settings import Settings
from voices.surveys.catalogue import Catalogue
from voices.surveys.submit import TextRedactor
from voices.surveys.writer import SubmissionWriter


@dataclass(slots=True)
class Services:
    settings: Settings
    catalogue: Catalogue
    writer: SubmissionWriter
    redactor: TextRedactor
    renderer: Renderer
    abuse: AbuseGuard
