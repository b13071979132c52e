"""The report harness (tests/insight/conftest.py): the real app, officers to sign in as."""

from tests.insight.conftest import clock, reports  # noqa: F401
