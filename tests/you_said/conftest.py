"""The report tests' app (officers, a theme runner the test controls) serves these pages too."""

from tests.insight.conftest import clock, reports  # noqa: F401
