"""The engine: carries each submission through the workflow version published when it was made.

How a run moves
- `submission_create` starts the run in its own transaction: the run, its Submit step run and the
  first advance task are saved with the submission or not at all (django-tasks' database backend
  keeps tasks in the same database).
- An advance task takes the run's row lock, claims the next step run (status running, with a
  lease), and commits. It then executes the step outside any transaction (steps may call other
  systems), and in a second short transaction under the lock records the result: the step run, the
  step's own changes and timeline events, and the next step run by the outcome's transition. The
  same task goes on with that step (leased in the same transaction) for up to
  `WORKFLOW_ADVANCE_SLICE_SECONDS`, then saves a new advance task for it, so runs share workers.
- An approval makes the run wait; `step_run_approve` / `step_run_reject` resume it. A step that
  waits for something else (QuickBooks needing reconnection) is resumed by
  `workflow_runs_resume_waiting`.
- A transient failure is retried as a new step run after exponential backoff with jitter, up to
  `WORKFLOW_RETRY_MAX_ATTEMPTS`; any other failure fails the run until an admin retries the step.

Crash safety: a process killed at any point loses nothing and repeats nothing
- Everything the engine decides is committed before the step runs and after it returns; a task
  that dies leaves the run in a state some later advance can continue from.
- A claimed step run holds a lease (`WORKFLOW_STEP_LEASE_SECONDS`). Each worker, when it starts,
  enqueues an advance for every running run; an advance finding a step run whose lease ran out
  executes the *same* step run again, with the same `idempotency_key`, and one finding a live lease
  looks again when it ends. A sweep every `WORKFLOW_SWEEP_SECONDS` does the same for runs whose
  worker stopped while the others go on. Results are recorded only by the lease holder, so a late
  worker's result never overwrites another's.
- Executing a step again must not repeat its side effect: steps that call out pass the
  `idempotency_key` (QuickBooks' `requestid`), and those that cannot (email) save "sending" before
  the call and refuse to go on when they find it, failing with that said for an admin to retry.

Where the worker runs
- With `REDIS_URL` (production): any number of `manage.py db_worker` processes beside any number of
  web processes; timeline events reach browsers through Redis.
- Without it (`make run`, SQLite, in-memory channel layer): the worker loop runs in a thread of the
  web (Daphne) process, so events raised by steps reach the browsers of that same process. We chose
  this over an outbox tailed by each web process because it needs no polling of the timeline table
  and no second delivery path; more than one process is what Redis is for. The thread is woken
  when a transaction of its process that saved a task commits, so a new run starts at once; it
  polls only for tasks due later (`WORKFLOW_WORKER_POLL_SECONDS`).
"""
