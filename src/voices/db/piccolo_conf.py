"""Piccolo's configuration module, so Piccolo's own CLI (`piccolo migrations …`) works too.

The app does not rely on it: `voices.db.engine.bind()` replaces `DB` with the engine it was given.
"""

from piccolo.conf.apps import AppRegistry
from piccolo.engine.base import Engine

from voices.db.engine import engine_from_url
from voices.settings import Settings

DB: Engine = engine_from_url(Settings.from_env().database_url)

APP_REGISTRY = AppRegistry(apps=["voices.db.piccolo_app"])
