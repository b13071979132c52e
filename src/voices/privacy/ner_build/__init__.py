"""Rebuild the redactor's compact entity model: `voices privacy build-ner`.

`corpus.py` cuts real and generated text (`generated.py`) into the windows the redactor sends the
model and has the teacher (en_core_web_sm 3.8) label them; `install.py` trains on them with
``nlp_models/redaction/ner_training.cfg`` and puts the model and its manifest in place. The
held-out redaction sets are never read.
"""
