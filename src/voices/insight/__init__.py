"""Insight for officers: attitude scales, reports, exports and their pages."""
