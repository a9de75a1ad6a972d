"""Do the same work on many items in worker processes, the results in the items' order.

A site's pages are independent: each one's Markdown and template can be
worked out on another core. The workers are forked, so they start with this
process's memory (the site, its templates, its caches) and only the items and
the results travel between processes. Where forking is not safe (not Linux,
or inside a worker already, such as a directory's group), the work is done
here, one item after another: the results are the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items, starting workers costs more than it saves.
FEWEST_ITEMS = 64

_work: Callable | None = None  # what the forked workers do, set just before they start


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def in_workers(work: Callable[[Item], Result], items: Sequence[Item],
               jobs: int | None = None) -> list[Result]:
    """[work(item) for item in items], spread over `jobs` processes.

    `jobs` None means one per core, when there are enough items to be worth it;
    a number asks for exactly that many workers (1: all here).
    """
    global _work
    wanted = default_jobs() if jobs is None else jobs
    if jobs is None and len(items) < FEWEST_ITEMS:
        wanted = 1
    if wanted <= 1 or len(items) < 2 or not _can_fork():
        return [work(item) for item in items]
    _work = work  # `work` may be a closure: forked workers have it without pickling it
    try:
        with multiprocessing.get_context("fork").Pool(min(wanted, len(items))) as pool:
            return pool.map(_do_work, items, chunksize=max(1, len(items) // (wanted * 8)))
    finally:
        _work = None


def _do_work(item):
    return _work(item)


def _can_fork() -> bool:
    """Linux, and not inside a worker already (such as a directory's worker building a group:
    its cores are taken by the other groups)."""
    return sys.platform.startswith("linux") and multiprocessing.parent_process() is None
