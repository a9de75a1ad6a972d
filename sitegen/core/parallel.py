"""Do the same work on many items in worker processes, the results in the items' order.

A site's pages are independent: each one's Markdown and template can be
worked out on another core. The workers are forked, so they start with this
process's memory (the site, its templates, its caches) and only the items and
the results travel between processes. Where forking is not safe (not Linux,
or inside a worker already, such as a directory's group), the work is done
here, one item after another: the results are the same either way.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import multiprocessing.pool
import os
import sys
from collections.abc import Iterator
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items, starting workers costs more than it saves.
FEWEST_ITEMS = 64

_work: Callable | None = None  # what the forked workers do, set just before they start
_pools = 0  # pools of workers now running


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
    wanted = default_jobs() if jobs is None else jobs
    if jobs is None and len(items) < FEWEST_ITEMS:
        wanted = 1
    if wanted <= 1 or len(items) < 2 or not _can_fork():
        return [work(item) for item in items]
    with _forked_pool(work, min(wanted, len(items))) as pool:
        return pool.map(_do_work, items, chunksize=max(1, len(items) // (wanted * 8)))


@contextlib.contextmanager
def meanwhile_in_workers(work: Callable[[Item], Result], items: Sequence[Item],
                         jobs: int) -> Iterator[Callable[[], list[Result]]]:
    """Start [work(item) for item in items] in `jobs` forked processes, and give a function
    that waits for the results; the body of the `with` runs here meanwhile.

    Leaving the `with` stops any work still going (the body failed, say). Where
    forking is not possible, the work is done here when the results are asked for.
    """
    if jobs <= 1 or not items or not _can_fork():
        yield lambda: [work(item) for item in items]
        return
    with _forked_pool(work, min(jobs, len(items))) as pool:
        results = pool.map_async(_do_work, items, chunksize=1)
        # Each worker ends when the work does, not when the `with` does: kept waiting, the
        # workers that had printed the PDFs held 80 MB while a 10,000-page site rendered.
        pool.close()
        yield results.get


@contextlib.contextmanager
def _forked_pool(work: Callable, processes: int) -> Iterator[multiprocessing.pool.Pool]:
    """Worker processes forked now, so each has `work` in its memory: it may be a closure,
    which could not be pickled to them. Leaving the `with` stops them."""
    global _work, _pools
    # While workers share this process's memory, no garbage collection here or in them looks
    # at the objects made so far: looking writes to them, which gave each worker its own copy
    # of much of that memory (15 MB each for a site of 10,000 pages).
    gc.freeze()
    _pools += 1
    try:
        _work = work
        try:
            pool = multiprocessing.get_context("fork").Pool(processes)
        finally:
            _work = None
        with pool:
            yield pool
    finally:
        _pools -= 1
        if not _pools:  # the last workers are gone (pools may overlap: meanwhile_in_workers)
            gc.unfreeze()


def _do_work(item):
    return _work(item)


def _can_fork() -> bool:
    """Linux, and not inside a worker already (such as a directory's worker building a group:
    its cores are taken by the other groups)."""
    return sys.platform.startswith("linux") and multiprocessing.parent_process() is None
