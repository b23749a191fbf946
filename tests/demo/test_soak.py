"""The soak's figures: the pacing, each window's sample, the memory growth and the p99 by fifth."""

import csv
import itertools
import math
from collections import Counter

from PIL import Image

from ontraccr_clone.demo.management.commands.bench import LoadResult
from ontraccr_clone.demo.soak import (
    SoakSample,
    memory_growth,
    p99_first_and_last_fifth,
    pacing_schedule,
    samples_plot,
    samples_write_csv,
    soak_sample,
)


def sample_at(seconds: float, rss_mb: dict[str, float]) -> SoakSample:
    return SoakSample(seconds, 10.0, 10.0, 0, 50.0, 90.0, 120.0, 0, rss_mb)


def test_pacing_schedule_spaces_requests_evenly_at_the_rate() -> None:
    due = pacing_schedule(rate=4, seconds=2.5)
    assert due == [0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.25]
    # A rate that does not divide a second: as many as fit, none due after the end.
    odd = pacing_schedule(rate=7.3, seconds=60)
    assert len(odd) == 438
    assert max(odd) < 60
    assert all(math.isclose(b - a, 1 / 7.3) for a, b in itertools.pairwise(odd))


def test_a_sample_has_its_own_windows_percentiles_rates_and_errors() -> None:
    window = LoadResult(
        clients=16,
        elapsed=10,
        statuses=Counter({201: 98, 500: 1, 0: 1}),
        latencies_ms=[float(ms) for ms in range(1, 101)],
    )
    sample = soak_sample(30, window, finished=95, backlog=7, rss_mb={"web 1": 120.0})
    assert (sample.seconds, sample.backlog, sample.errors) == (30, 7, 2)
    assert sample.submitted_per_second == 9.8
    assert sample.finished_per_second == 9.5
    assert (sample.p50_ms, sample.p95_ms, sample.p99_ms) == (51.0, 96.0, 100.0)
    assert sample.rss_mb == {"web 1": 120.0}


def test_a_window_without_answers_has_no_latency() -> None:
    sample = soak_sample(70, LoadResult(16, elapsed=10), finished=3, backlog=0, rss_mb={})
    assert math.isnan(sample.p99_ms)
    assert (sample.submitted_per_second, sample.finished_per_second, sample.errors) == (0, 0.3, 0)


def test_memory_growth_leaves_out_the_warm_up() -> None:
    samples = [
        sample_at(10, {"web 1": 50.0, "worker 1": 80.0}),  # still warming up: left out
        sample_at(20, {"web 1": 100.0, "worker 1": 80.0}),
        sample_at(30, {"web 1": 104.0, "worker 1": 90.0}),
        sample_at(40, {"web 1": 105.0, "worker 1": 88.0}),
    ]
    growth = memory_growth(samples, warm_up_until=20)
    assert growth == {"web 1": (100.0, 105.0, 5.0), "worker 1": (80.0, 88.0, 10.0)}
    assert memory_growth(samples, warm_up_until=50) == {}


def test_memory_growth_of_a_process_gone_at_the_end_is_unknown() -> None:
    samples = [sample_at(20, {"worker 1": 80.0}), sample_at(30, {"worker 1": math.nan})]
    assert math.isnan(memory_growth(samples, warm_up_until=0)["worker 1"][2])


def test_p99_of_the_first_and_the_last_fifth() -> None:
    # 100 s of answers, one a second: slow ones early on and late, fast in between.
    answers = [(float(due), 500.0 if due in (3, 97) else 20.0) for due in range(100)]
    assert p99_first_and_last_fifth(answers, seconds=100) == (500.0, 500.0)
    steady = [(due, 20.0) if due < 80 else (due, 20.0 + due) for due, _ in answers]
    assert p99_first_and_last_fifth(steady, seconds=100) == (20.0, 119.0)


def test_samples_csv_has_a_column_per_process(tmp_path) -> None:
    path = tmp_path / "soak.csv"
    samples_write_csv([sample_at(10, {"web 1": 100.25, "worker 2": 80.0})], path)
    rows = list(csv.DictReader(path.open()))
    assert rows == [
        {
            "seconds": "10",
            "submitted_per_s": "10.0",
            "runs_finished_per_s": "10.0",
            "backlog": "0",
            "p50_ms": "50.0",
            "p95_ms": "90.0",
            "p99_ms": "120.0",
            "errors": "0",
            "rss_mb_web_1": "100.2",
            "rss_mb_worker_2": "80.0",
        }
    ]


def test_the_plot_is_a_small_png_with_every_process(tmp_path) -> None:
    path = tmp_path / "soak.png"
    samples = [sample_at(seconds, {"web 1": 120.0, "worker 1": 110.0}) for seconds in (10, 20, 30)]
    growth = memory_growth(samples, warm_up_until=10)
    samples_plot(samples, path, "Soak", rate=10.0, warm_up_until=10, growth=growth)
    with Image.open(path) as image:
        assert (image.format, image.mode, image.size) == ("PNG", "P", (810, 900))
    assert path.stat().st_size < 150_000
