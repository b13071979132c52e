"""Exports of a report: its tables as CSV and XLSX, the whole report as a PDF for board papers, and
its responses row by row for analysts.

Every figure is taken from the `Report` the page renders (`report.cached_report`, the same data
version, filter and role): nothing is counted again here, so an export hides exactly what the page
hides. `tables.py` lays the report out as tables, `notes.py` says what was hidden and why, and each
format writes those; `responses.py` alone reads rows, and holds back rare combinations of
demographic answers by its own rule (its docstring).
"""
