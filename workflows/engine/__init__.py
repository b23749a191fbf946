"""The engine: carries each submission through the workflow version published when it was made.

How a run moves
- `submission_create` starts the run in its own transaction: the run, its Submit step run and the
  first advance task are saved with the submission or not at all (django-tasks' database backend
  keeps tasks in the same database). That task has the highest priority: a new PO's first step
  goes before due retries however many wait.
- An advance task takes the run's row lock, claims the next step run (status running, with a
  lease), and commits. It then executes the step outside any transaction (steps may call other
  systems), and in a second short transaction under the lock records the result: the step run,
  the step type's `record()` (its database effects and timeline events, by the lease holder
  only), and the next step run by the outcome's transition. The same task goes on with that step
  for up to `WORKFLOW_ADVANCE_SLICE_SECONDS`, then saves a new advance task for it. A run has at
  most one advance task waiting (`WorkflowRun.advance_task_id`): asking for another moves that
  one earlier instead.
- Runs and step runs change status only through `RUN_MOVES` / `STEP_RUN_MOVES` (`_run_move`,
  `_step_run_move`); a move outside them is a defect and raises.
- A step that waits for a person goes on by one of its type's actions (`step_run_act`, asking the
  type `may_act` at that moment); one waiting for something else is resumed by its app
  (`workflow_runs_resume_waiting`). Admins may cancel a run (`workflow_run_cancel`).
- A transient failure is retried as a new step run (same idempotency key) with capped
  exponential backoff and jitter, for `WORKFLOW_RETRY_FOR_SECONDS` from its first failure; an
  answer saying when to come back (a 429's Retry-After) is waited for without using an attempt.
  The timeline has one line per run of retries, brought up to date by each. Any other failure,
  or one outlasting the window, fails the run until an admin retries the step: with the
  published settings (the run moves to the newest published version) or as it started.
- A run stops with a failure past `WORKFLOW_RUN_STEP_BUDGET` step runs (a loop).
- Types that report to lists (`report_title`) have their latest try's `report()` kept in
  `StepReport`, one row per submission and type, each time a step run changes status.

Crash safety: a process killed at any point loses nothing and repeats nothing
- Everything the engine decides is committed before the step runs and after it returns; a task
  that dies leaves the run in a state some later advance can continue from.
- A claimed step run holds a lease (`WORKFLOW_STEP_LEASE_SECONDS`), renewed every third of it by
  a heartbeat thread while the step executes. A worker whose lease is gone (another took the
  step over) gets `LeaseLost` from `step_run_lease_check` / `step_run_save_progress` and stops,
  writing nothing; its result, if it gets one, is dropped.
- Recovery is the sweep alone, every `WORKFLOW_SWEEP_SECONDS` (a worker starting only makes sure
  it is scheduled): it advances runs whose step's lease ran out (the same step run is executed
  again, same `idempotency_key`) or whose due step has no task, and marks failed the task rows a
  killed worker left running.
- Executing a step again must not repeat its side effect: outside effects are saved in the
  ledger (`workflows.engine.ledger`) under the idempotency key the moment they are made, and a
  step looks there first; outside systems get the key too (as an API's request id).

Where the worker runs
- Each worker process runs `WORKFLOW_WORKER_THREADS` loops in threads (4 on PostgreSQL, 1 on
  SQLite, which lets one writer in at a time), so a step waiting on QuickBooks or on a killed
  worker's lease holds up one thread, not every run. A loop that stops on an error (a lost
  connection, a task row deleted under it) is restarted (`workflows.engine.worker`).
- With `REDIS_URL` (production): any number of `manage.py db_worker` processes beside any number of
  web processes; timeline events reach browsers through Redis.
- Without it (`make run`, SQLite, in-memory channel layer): the worker loops run in threads of the
  web process, so events raised by steps reach the browsers of that same process. We chose
  this over an outbox tailed by each web process because it needs no polling of the timeline table
  and no second delivery path; more than one process is what Redis is for. The loops are woken
  when a transaction of its process that saved a task commits, so a new run starts at once; it
  polls only for tasks due later (`WORKFLOW_WORKER_POLL_SECONDS`).
"""
