"""Piccolo's configuration module, for Piccolo's own CLI (`piccolo migrations new voices --auto`).

Importing it builds nothing. `DB` is made from VOICES_DATABASE_URL only when something asks for it
before an engine was bound, which only Piccolo's CLI does: the app and the `voices` command build
their engine from their Settings and bind it (`voices.db.engine.bind()` sets `DB` here too), and
`voices migrate` points Piccolo at this module only to find the app registry.
"""

from piccolo.conf.apps import AppRegistry
from piccolo.engine.base import Engine

APP_REGISTRY = AppRegistry(apps=["voices.db.piccolo_app"])


def __getattr__(name: str) -> Engine:
    # PEP 562: called only while `DB` is not yet set in this module.
    if name != "DB":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from voices.db.engine import engine_from_url
    from voices.settings import Settings

    engine = engine_from_url(Settings.from_env().database_url)
    globals()["DB"] = engine
    return engine
