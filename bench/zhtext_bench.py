"""Speed and memory of zhtext (``make bench``). Prints figures; asserts nothing.

Runs pinned to one CPU core where the OS allows it, since the goals are stated per core:
cleaning >= 1,000,000 chars/s, a 30,000-character report end to end <= 1.5 s,
peak memory <= 500 MB.
"""

from __future__ import annotations

import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import zhtext  # noqa: E402
from zhtext.classify import classify  # noqa: E402
from zhtext.clean import clean  # noqa: E402
from zhtext.decode import decode  # noqa: E402
from zhtext.extract import extract  # noqa: E402
from zhtext.script import detect_script, to_simplified  # noqa: E402
from zhtext.structure import structure  # noqa: E402

SEEDS = ROOT / ".." / "shared" / "seeds"
DOCUMENTS = ROOT / "tests" / "zhtext" / "documents"


def _pin_one_core() -> str:
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError):
        return "not pinned (platform does not allow it)"


def _inputs() -> list[tuple[str, bytes]]:
    folder = SEEDS if SEEDS.is_dir() else DOCUMENTS
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()]


def _rate(chars: int, seconds: float) -> str:
    return f"{chars / seconds:,.0f} chars/s" if seconds > 0 else "n/a"


def _timed(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    print(f"zhtext bench — {_pin_one_core()}")
    inputs = _inputs()
    if not inputs:
        print("no input documents found")
        return 1
    zhtext.read("预热：县长主持召开会议。".encode())  # load OpenCC, pypinyin and the tagger once

    decoded = [decode(data, name).text for name, data in inputs]
    raw_chars = sum(len(t) for t in decoded)

    def stage_clean() -> None:
        for name, data in inputs:
            text = clean(decode(data, name).text).text
            to_simplified(text, detect_script(text))

    t = _timed(stage_clean, 5)
    print(f"decode+clean+script : {_rate(raw_chars, t)}  ({raw_chars:,} input chars, best of 5)")

    cleaned = [clean(t).text for t in decoded]
    simples = [to_simplified(t) for t in cleaned]
    clean_chars = sum(len(t) for t in cleaned)

    def stage_structure() -> None:
        for text, simple in zip(cleaned, simples, strict=True):
            classify(simple, structure(text, simple))

    t = _timed(stage_structure, 5)
    print(f"structure+classify  : {_rate(clean_chars, t)}  ({clean_chars:,} cleaned chars)")

    structures = [structure(text, simple) for text, simple in zip(cleaned, simples, strict=True)]

    def stage_extract() -> None:
        for text, simple, st in zip(cleaned, simples, structures, strict=True):
            extract(text, simple, st, classify(simple, st))

    t = _timed(stage_extract, 3)
    print(f"extraction          : {_rate(clean_chars, t)}")

    report = next(
        (data for name, data in inputs if name.startswith("003")),
        max(inputs, key=lambda x: len(x[1]))[1],
    )
    t = _timed(lambda: zhtext.read(report, "003"), 3)
    print(f"end to end, seed 003: {t:.3f} s ({len(zhtext.read(report).text):,} cleaned chars)")

    # A 30,000-character report: the report's body twice over, as one document.
    doc = zhtext.read(report)
    big = (doc.text + "\n" + doc.text)[:30000]
    t = _timed(lambda: zhtext.read(big.encode("utf-8"), "30k.txt"), 3)
    print(f"end to end, 30,000 chars: {t:.3f} s")

    t = _timed(lambda: [zhtext.read(data, name) for name, data in inputs], 3)
    print(f"end to end, all {len(inputs)} inputs: {t:.3f} s")

    tracemalloc.start()
    for name, data in inputs:
        zhtext.to_contract(zhtext.read(data, name))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"peak memory         : {peak / 1e6:.1f} MB Python heap (tracemalloc), "
        f"{rss_kb / 1024:.0f} MB max RSS (whole process, model included)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
