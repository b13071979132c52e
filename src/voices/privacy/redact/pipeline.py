"""Build the redaction pipeline from nlp_models/redaction/config.cfg.

The config lists the components in order with their settings. A setting whose name ends in
"_file" is a path relative to the config's folder, made absolute here because component configs
may only hold JSON types.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from spacy.util import load_config

# Importing the modules registers their factories with spaCy.
from . import (  # noqa: F401
    address_edges,
    addresses,
    coordination,
    dates,
    entities,
    identifiers,
    mentions,
    names,
    online,
    payments,
    place_edges,
    phones,
    places,
    protect,
    resolve,
)  # fmt: skip

CONFIG_NAME = "config.cfg"


def build_pipeline(
    config_dir: Path, gazetteer_path: Path | None = None, ner_manifest_path: Path | None = None
) -> Language:
    """The redaction pipeline; `ner_manifest_path` gives the entity component another model (the
    teacher, when the compact model is rebuilt: ner_build/)."""
    config = load_config(config_dir / CONFIG_NAME, interpolate=True)
    # A private blank English, not the shared one in voices.text: our components must not leak
    # into the theming pipeline.
    nlp = spacy.blank("en")
    for component in config["nlp"]["pipeline"]:
        settings = dict(config["components"][component])
        factory = settings.pop("factory")
        for key, value in settings.items():
            if key.endswith("_file") and value:
                settings[key] = str(config_dir / value)
        if gazetteer_path is not None and "places_file" in settings:
            settings["places_file"] = str(gazetteer_path)
        if ner_manifest_path is not None and "model_manifest_file" in settings:
            settings["model_manifest_file"] = str(ner_manifest_path)
        nlp.add_pipe(factory, name=component, config=settings)
    return nlp
