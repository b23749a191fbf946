"""The soak (`manage.py bench --soak MINUTES`): submissions at half the measured maximum rate for
a long while on PostgreSQL + Redis, 2 web and 2 worker processes, each submission starting a run
that the workers carry to its end; sampled every 10 s into a CSV and a plot.

The load is paced open-loop: each submission is due at a fixed time and sent then, on an idle
connection or a new one, whatever the answers before it are doing, and its latency counts from
when it was due. A slow server thus shows as latency, not as fewer submissions.
"""

import asyncio
import contextlib
import csv
import io
import itertools
import json
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from matplotlib.figure import Figure
from PIL import Image

from ontraccr_clone.demo.management.commands.bench import (
    HttpClient,
    LoadResult,
    Target,
    automatic_order,
    db_workers,
    http_load,
    manage,
    postgres_target,
    process_table,
    signed_in_clients,
    web_server,
)

SAMPLE_SECONDS = 10
WARM_UP_FRACTION = 0.2  # of the run, left out of the memory growth
BURST_SECONDS = 25  # the maximum rate: every client submitting as fast as answered
REQUEST_TIMEOUT = 30
MAX_CONNECTIONS = 64  # a stalled server gets at most this many requests at once
IDLE_RECONNECT_SECONDS = 4  # uvicorn closes a keep-alive connection idle for 5 s
DRAIN_SECONDS = 300  # after the load, how long the workers get to finish the runs
RUNS_TABLE = "workflows_workflowrun"


# -- the figures, from the samples --------------------------------------------------------------


def pacing_schedule(rate: float, seconds: float) -> list[float]:
    """When each request is due, in seconds from the start: evenly spaced, `rate` a second."""
    return [index / rate for index in range(int(rate * seconds))]


@dataclass
class SoakSample:
    """One window: the submissions answered in it, the runs the workers finished, each
    process's resident memory at its end."""

    seconds: float  # from the start of the load to the end of the window
    submitted_per_second: float  # answered 2xx
    finished_per_second: float  # runs finished by the workers
    backlog: int  # submissions accepted so far whose run has not finished
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int  # non-2xx answers and connection errors
    rss_mb: dict[str, float]


def soak_sample(
    seconds: float, window: LoadResult, finished: int, backlog: int, rss_mb: dict[str, float]
) -> SoakSample:
    """The sample of a window (`window.elapsed` long) in which the workers finished `finished`
    runs; latency percentiles are the window's own (NaN when nothing was answered in it)."""

    def percentile(fraction: float) -> float:
        return window.percentile(fraction) if window.latencies_ms else math.nan

    answered = sum(window.statuses.values())
    return SoakSample(
        seconds=seconds,
        submitted_per_second=window.per_second,
        finished_per_second=finished / window.elapsed if window.elapsed else 0.0,
        backlog=backlog,
        p50_ms=percentile(0.5),
        p95_ms=percentile(0.95),
        p99_ms=percentile(0.99),
        errors=answered - window.succeeded,
        rss_mb=rss_mb,
    )


def memory_growth(
    samples: list[SoakSample], warm_up_until: float
) -> dict[str, tuple[float, float, float]]:
    """Each process's RSS at the first sample after `warm_up_until` seconds and at the last
    sample, and its growth between them in %."""
    kept = [sample for sample in samples if sample.seconds >= warm_up_until]
    if not kept:
        return {}
    growth = {}
    for name, start in kept[0].rss_mb.items():
        end = kept[-1].rss_mb.get(name, math.nan)
        growth[name] = (start, end, (end - start) * 100 / start)
    return growth


def p99_first_and_last_fifth(
    answers: list[tuple[float, float]], seconds: float
) -> tuple[float, float]:
    """p99 latency of the answers (due at, latency ms) due in the first fifth of `seconds` and in
    the last fifth."""
    first = LoadResult(0, latencies_ms=[ms for due, ms in answers if due < seconds / 5])
    last = LoadResult(0, latencies_ms=[ms for due, ms in answers if due >= seconds * 4 / 5])
    return first.percentile(0.99), last.percentile(0.99)


# -- the output ---------------------------------------------------------------------------------


def samples_write_csv(samples: list[SoakSample], path: Path) -> None:
    names = list(samples[0].rss_mb) if samples else []
    with path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(
            [
                "seconds", "submitted_per_s", "runs_finished_per_s", "backlog",
                "p50_ms", "p95_ms", "p99_ms", "errors",
                *(f"rss_mb_{name.replace(' ', '_')}" for name in names),
            ]
        )  # fmt: skip
        for sample in samples:
            writer.writerow(
                [
                    f"{sample.seconds:.0f}", f"{sample.submitted_per_second:.1f}",
                    f"{sample.finished_per_second:.1f}", sample.backlog,
                    f"{sample.p50_ms:.1f}", f"{sample.p95_ms:.1f}", f"{sample.p99_ms:.1f}",
                    sample.errors, *(f"{sample.rss_mb.get(name, math.nan):.1f}" for name in names),
                ]
            )  # fmt: skip


def samples_plot(
    samples: list[SoakSample],
    path: Path,
    title: str,
    rate: float,
    warm_up_until: float,
    growth: dict[str, tuple[float, float, float]],
) -> None:
    """Four panels over time: throughput (and backlog), latency, errors, memory per process
    (labelled with its `growth` after warm-up)."""
    minutes = [sample.seconds / 60 for sample in samples]
    figure = Figure(figsize=(9, 10), layout="constrained")
    throughput, latency, errors, memory = figure.subplots(4, 1, sharex=True)
    figure.suptitle(title, fontsize=11)

    throughput.plot(minutes, [s.submitted_per_second for s in samples], label="submitted (2xx)/s")
    throughput.plot(minutes, [s.finished_per_second for s in samples], label="runs finished/s")
    throughput.axhline(rate, color="grey", linestyle=":", label=f"paced at {rate:.1f}/s")
    throughput.set_ylabel("per second")
    backlog = throughput.twinx()
    backlog.plot(
        minutes, [s.backlog for s in samples], color="tab:purple", linewidth=0.8, label="backlog"
    )
    backlog.set_ylabel("backlog (runs not finished)", color="tab:purple")
    backlog.set_ylim(bottom=0)
    throughput.set_ylim(bottom=0)
    lines, labels = throughput.get_legend_handles_labels()
    more_lines, more_labels = backlog.get_legend_handles_labels()
    throughput.legend(lines + more_lines, labels + more_labels, loc="lower left", fontsize=8)

    for name, attribute in (("p50", "p50_ms"), ("p95", "p95_ms"), ("p99", "p99_ms")):
        latency.plot(minutes, [getattr(s, attribute) for s in samples], label=name)
    latency.set_ylabel("latency (ms)")
    latency.set_ylim(bottom=0)
    latency.legend(loc="upper left", fontsize=8)

    window = SAMPLE_SECONDS / 60
    errors.bar(
        [m - window for m in minutes],
        [s.errors for s in samples],
        width=window,
        align="edge",
        color="tab:red",
    )
    errors.set_ylabel(f"errors per {SAMPLE_SECONDS} s")
    errors.set_ylim(bottom=0, top=max([1, *(s.errors for s in samples)]) * 1.2)
    if not any(s.errors for s in samples):
        errors.text(0.5, 0.5, "no errors", transform=errors.transAxes, ha="center", color="grey")

    for name in samples[0].rss_mb if samples else []:
        label = f"{name} ({growth[name][2]:+.1f}%)" if name in growth else name
        style = "--" if name.startswith("worker") else "-"
        rss = [s.rss_mb.get(name, math.nan) for s in samples]
        memory.plot(minutes, rss, linestyle=style, label=label)
    memory.set_ylabel("RSS (MB)")
    highest = max(
        (mb for s in samples for mb in s.rss_mb.values() if not math.isnan(mb)), default=1
    )
    memory.set_ylim(bottom=0, top=highest * 1.25)
    memory.legend(loc="lower right", fontsize=8, ncols=4)
    memory.set_xlabel("minutes")

    for panel in (throughput, latency, errors, memory):
        panel.axvspan(0, warm_up_until / 60, color="grey", alpha=0.12, linewidth=0)
        panel.grid(alpha=0.3)
    rendered = io.BytesIO()
    figure.savefig(rendered, format="png", dpi=90)
    # 64 colours draw these lines on white as well and make the file a third of the size.
    Image.open(rendered).convert("RGB").quantize(colors=64).save(path, optimize=True)


# -- the run ------------------------------------------------------------------------------------


def succeeded_runs(database_url: str, submission_ids: list[int] | None = None) -> int:
    """Runs finished, read from the database; with `submission_ids`, those of these submissions."""
    query = f"SELECT count(*) FROM {RUNS_TABLE} WHERE status = 'succeeded'"
    with psycopg.connect(database_url, autocommit=True) as db:
        if submission_ids is None:
            row = db.execute(query).fetchone()
        else:
            row = db.execute(query + " AND submission_id = ANY(%s)", [submission_ids]).fetchone()
    return int(row[0]) if row else 0


def rss_megabytes(pid: int) -> float:
    """The resident memory of a process (VmRSS), NaN once it has ended."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return math.nan


def web_worker_pids(server_pid: int) -> list[int]:
    """uvicorn's worker processes: the children of its parent that serve requests (not the
    multiprocessing helpers it may start beside them)."""
    parents, _ = process_table()
    workers = []
    for pid, parent in sorted(parents.items()):
        with contextlib.suppress(OSError):
            if parent == server_pid and b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                workers.append(pid)
    return workers


async def wait_for_runs(database_url: str, expected: int, seconds: float) -> bool:
    """Wait until `expected` runs have finished, for `seconds` at most."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        if await asyncio.to_thread(succeeded_runs, database_url) >= expected:
            return True
        await asyncio.sleep(1)
    return False


@dataclass
class SoakRun:
    """What a soak saw, for the summary and the files."""

    maximum: LoadResult
    workers_per_second: float  # runs the workers finished a second while the maximum was measured
    rate: float
    seconds: float
    sent: int = 0
    answers: list[tuple[float, float]] = field(default_factory=list)  # (due at, latency ms)
    statuses: dict[int, int] = field(default_factory=dict)
    accepted_ids: list[int] = field(default_factory=list)
    samples: list[SoakSample] = field(default_factory=list)
    drained: bool = False
    lost: int = 0
    stored: int = 0


async def soak_run(
    target: Target,
    base_url: str,
    seconds: float,
    clients: int,
    server_pid: int,
    worker_pids: list[int],
    write: Callable[[str], None],
) -> SoakRun:
    database_url = target.database_url
    members = await signed_in_clients(base_url, clients)
    order = await automatic_order(members[0])

    def submit(_: int) -> tuple[str, str, dict]:
        return "POST", "/api/submissions/", order

    write(f"Measuring the maximum: {clients} clients submitting for {BURST_SECONDS} s ...")
    finished_before = succeeded_runs(database_url)
    started = time.perf_counter()
    maximum = await http_load(members, submit, sys.maxsize, seconds=BURST_SECONDS)
    await wait_for_runs(database_url, finished_before + maximum.succeeded, DRAIN_SECONDS)
    drained_runs = succeeded_runs(database_url) - finished_before
    run = SoakRun(
        maximum=maximum,
        workers_per_second=drained_runs / (time.perf_counter() - started),
        rate=maximum.per_second / 2,
        seconds=seconds,
    )
    write(
        f"  {maximum.per_second:.1f} submissions/s ({maximum.errors()} errors), the workers "
        f"finishing {run.workers_per_second:.1f} runs/s; soaking at {run.rate:.1f}/s for "
        f"{seconds / 60:.0f} min"
    )

    for member in members:
        await member.close()  # idle since the burst: the server may have closed them
    processes = {f"web {n}": pid for n, pid in enumerate(web_worker_pids(server_pid), 1)}
    processes |= {f"worker {n}": pid for n, pid in enumerate(worker_pids, 1)}
    cookies = members[0].cookies
    idle: asyncio.Queue[HttpClient] = asyncio.Queue()
    for member in members:
        idle.put_nowait(member)
    connections, last_used = list(members), {member: time.perf_counter() for member in members}
    window = LoadResult(clients)
    stored_at_start = target.stored_submissions()
    finished_at_start = succeeded_runs(database_url)
    stopping = asyncio.Event()
    start = time.perf_counter()

    async def send(due: float) -> None:
        if idle.empty() and len(connections) < MAX_CONNECTIONS:
            client = HttpClient(base_url, cookies)
            connections.append(client)
        else:
            client = await idle.get()
        if time.perf_counter() - last_used.get(client, math.inf) > IDLE_RECONNECT_SECONDS:
            await client.close()
        try:
            status, content = await asyncio.wait_for(
                client.request(*submit(0)), timeout=REQUEST_TIMEOUT
            )
        except (OSError, asyncio.IncompleteReadError, ValueError, TimeoutError):
            status, content = 0, b""  # counted as a connection error
        latency_ms = (time.perf_counter() - start - due) * 1000
        last_used[client] = time.perf_counter()
        idle.put_nowait(client)
        window.statuses[status] += 1
        window.latencies_ms.append(latency_ms)
        run.answers.append((due, latency_ms))
        run.statuses[status] = run.statuses.get(status, 0) + 1
        if status == 201:
            run.accepted_ids.append(json.loads(content)["id"])

    async def sample_every_window() -> None:
        nonlocal window
        finished_so_far = finished_at_start
        for number in itertools.count(1):
            await asyncio.sleep(max(0.0, start + number * SAMPLE_SECONDS - time.perf_counter()))
            ended, window = window, LoadResult(clients)
            ended.elapsed = SAMPLE_SECONDS
            finished_now = await asyncio.to_thread(succeeded_runs, database_url)
            accepted_runs = len(run.accepted_ids)
            sample = soak_sample(
                number * SAMPLE_SECONDS,
                ended,
                finished_now - finished_so_far,
                accepted_runs - (finished_now - finished_at_start),
                {name: rss_megabytes(pid) for name, pid in processes.items()},
            )
            finished_so_far = finished_now
            run.samples.append(sample)
            if number % 6 == 0:  # a line a minute
                write(
                    f"  {sample.seconds / 60:5.1f} min: {sample.submitted_per_second:5.1f}/s, "
                    f"p99 {sample.p99_ms:6.1f} ms, backlog {sample.backlog}, RSS "
                    + ", ".join(f"{name} {mb:.0f}" for name, mb in sample.rss_mb.items())
                    + " MB"
                )
            if stopping.is_set():
                return

    sampler = asyncio.create_task(sample_every_window())
    pending: set[asyncio.Task] = set()
    for due in pacing_schedule(run.rate, seconds):
        await asyncio.sleep(max(0.0, start + due - time.perf_counter()))
        task = asyncio.create_task(send(due))
        pending.add(task)
        task.add_done_callback(pending.discard)
        run.sent += 1
    await asyncio.gather(*pending)
    # The sampler goes on while the workers finish the runs, so that the plot shows the drain.
    run.drained = await wait_for_runs(
        database_url, finished_at_start + len(run.accepted_ids), DRAIN_SECONDS
    )
    stopping.set()
    await sampler
    for connection in connections:
        await connection.close()
    run.stored = target.stored_submissions() - stored_at_start
    run.lost = len(run.accepted_ids) - succeeded_runs(database_url, run.accepted_ids)
    return run


def soak(
    database_url: str,
    redis_url: str,
    minutes: float,
    clients: int,
    output: Path,
    write: Callable[[str], None],
) -> None:
    """Run the soak on a database of its own (`<name>_soak`), write the CSV and the plot into
    `output`, and the summary through `write`."""
    code = (
        "from ontraccr_clone.demo.management.commands.bench import automatic_workflow_publish; "
        "automatic_workflow_publish()"
    )
    with postgres_target(database_url, {"REDIS_URL": redis_url}, suffix="_soak") as target:
        manage(target.env, "shell", "-c", code)
        with db_workers(target, 2) as workers, web_server(target, 2) as (url, server):
            run = asyncio.run(
                soak_run(
                    target, url, minutes * 60, clients, server.pid,
                    [worker.pid for worker in workers], write,
                )
            )  # fmt: skip
    output.mkdir(parents=True, exist_ok=True)
    samples_write_csv(run.samples, output / "soak.csv")
    warm_up_until = run.seconds * WARM_UP_FRACTION
    title = (
        f"Soak: {run.rate:.1f} submissions/s (half the {run.maximum.per_second:.1f}/s measured) "
        f"for {run.seconds / 60:.0f} min\nPostgreSQL + Redis, 2 web (uvicorn) and 2 worker "
        f"processes, each submission a 5-step run; shaded: warm-up"
    )
    loaded = [sample for sample in run.samples if sample.seconds <= run.seconds]
    growth = memory_growth(loaded, warm_up_until)
    samples_plot(run.samples, output / "soak.png", title, run.rate, warm_up_until, growth)
    for line in soak_summary(run, loaded, growth):
        write(line)
    write(f"  samples: {output / 'soak.csv'}, plot: {output / 'soak.png'}")


def soak_summary(
    run: SoakRun, loaded: list[SoakSample], growth: dict[str, tuple[float, float, float]]
) -> list[str]:
    """The figures: `loaded` are the samples taken while submitting, `growth` their memory."""
    accepted = len(run.accepted_ids)
    errors = {status: n for status, n in run.statuses.items() if not 200 <= status < 300}
    first_p99, last_p99 = p99_first_and_last_fifth(run.answers, run.seconds)
    overall = LoadResult(0, latencies_ms=[latency for _, latency in run.answers])
    finished = [sample.finished_per_second for sample in loaded]
    lines = [
        f"Soak summary ({run.seconds / 60:.0f} min at {run.rate:.1f}/s, "
        f"half the {run.maximum.per_second:.1f}/s measured with {run.maximum.clients} clients)",
        f"  sent {run.sent}, answered 2xx {accepted} "
        f"({accepted / run.seconds:.1f}/s), errors: "
        + (", ".join(f"{n}x{status or 'conn'}" for status, n in sorted(errors.items())) or "0"),
        f"  runs finished by the workers: {sum(finished) / max(len(finished), 1):.1f}/s on "
        f"average, backlog at most {max((s.backlog for s in loaded), default=0)}",
        f"  latency p50 {overall.percentile(0.5):.1f} ms, p95 {overall.percentile(0.95):.1f} ms, "
        f"p99 {overall.percentile(0.99):.1f} ms; p99 first fifth {first_p99:.1f} ms, "
        f"last fifth {last_p99:.1f} ms",
        f"  memory after warm-up (first {WARM_UP_FRACTION:.0%} left out) to the end of the load:",
    ]
    for name, (start, end, percent) in growth.items():
        lines.append(f"    {name:<9} {start:6.1f} MB -> {end:6.1f} MB ({percent:+.1f}%)")
    drained = "all runs drained" if run.drained else f"not drained after {DRAIN_SECONDS} s"
    lines.append(
        f"  lost: {run.lost} of {accepted} accepted without a finished run ({drained}); "
        f"{run.stored} rows stored for {accepted} accepted"
        + ("" if len(set(run.accepted_ids)) == run.stored == accepted else " (MISMATCH)")
    )
    return lines
