"""The one spaCy pipeline that privacy (redaction) and themes (tagging, discovery) share."""
