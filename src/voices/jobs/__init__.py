"""Scheduled jobs: each occurrence runs exactly once across every app process, and is recorded.

- `schedule.py`: when a job is due ("daily 03:15", "every 5 minutes"), the same in every process.
- `spec.py`: a job (name, schedule, what it runs, its retry policy).
- `plan.py`: which attempts are due, from the recorded runs (no database).
- `claims.py`: the `job_run` rows: claim an attempt, record its end.
- `runner.py`: under the job's lock (db/locks.py), settle dead runs, then run what is due.
- `scheduler.py`: APScheduler 3 in the app's lifespan wakes the runner; `catalogue.py` the jobs.
- `status.py` and `web.py`: the admins' page of jobs and their runs.
"""
