"""Officers: accounts, two-step sign-in, sessions, roles and the audit log, under /officers.

Respondents never reach anything here: the officers' router alone carries the session and CSRF
middleware, so respondent pages and the API set no cookie.
"""
