"""Precision and recall of zhtext on the development set, as written and under noise.

Prints ``zhtext.evaluation.format_report`` for tests/zhtext/devset (or the folder named by
ZHTEXT_DEVSET) and each variant of ``zhtext.noise``, then the same for tests/zhtext/heldout
(documents written after the rules, by someone who had not seen them: how the reader does on
text it was not tuned on). Asserts nothing; no Django.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zhtext import evaluation, noise  # noqa: E402

DEVSET = Path(os.environ.get("ZHTEXT_DEVSET") or ROOT / "tests" / "zhtext" / "devset")
HELDOUT = ROOT / "tests" / "zhtext" / "heldout"


def main() -> int:
    folders = [DEVSET] if os.environ.get("ZHTEXT_DEVSET") else [DEVSET, HELDOUT]
    for folder in folders:
        print(f"-- {folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder}")
        report_on(folder)
    return 0


def report_on(folder: Path) -> None:
    if not folder.is_dir():
        print(f"(no documents at {folder})")
        return
    cases = evaluation.load_devset(folder, strict=False)
    if not cases:
        print(f"(no document with gold in {folder})")
        return
    t0 = time.perf_counter()
    cache: evaluation.Cache = {}
    reports = [evaluation.score(cases, variant=None, cache=cache)]
    reports += [evaluation.score(cases, variant=name, cache=cache) for name in noise.VARIANTS]
    print(evaluation.format_report(reports))
    print(
        f"({len(cases)} documents, {len(cache)} readings in {time.perf_counter() - t0:.1f} s; "
        "variants other than traditional apply to .txt documents only)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
