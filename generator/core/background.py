"""A function run in a forked child process beside the parent: a CPU-bound stage on the second core.

Fork, not spawn: the child shares the parent's memory (copy on write) instead of receiving the release
pickled, so it starts at once and costs only the memory it writes. Only the result (or the exception)
travels back, pickled; the function should write its big output itself and return something small.
"""

from __future__ import annotations

import gc
import multiprocessing
import traceback
from collections.abc import Callable, Iterator

from generator.core import memory


class ChildFailed(RuntimeError):
    """The child process died, or its exception could not be sent back as it was."""


class Background:
    """`with Background(fn, *args) as job: ...; job.result()`: fn(*args) runs in a child process from
    the start of the block; result() waits for it and returns its value or raises its exception.
    Leaving the block before result() (an exception in the parent) stops the child."""

    def __init__(self, fn: Callable, *args):
        ctx = multiprocessing.get_context("fork")
        self._receive, send = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_run, args=(send, fn, args), daemon=True)
        # the parent's objects are moved out of the collector's sight before the fork: a collection in the
        # child would otherwise write to every object's header and so copy every page it shares; and what
        # the parent has freed goes back to the system first, so neither process keeps it
        memory.hand_back()
        gc.freeze()
        try:
            self._process.start()
        finally:
            gc.unfreeze()
        send.close()

    def __enter__(self) -> Background:
        return self

    def __exit__(self, *exc) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receive.close()

    def done(self) -> bool:
        """Whether the child has finished (its result or exception is waiting), without waiting for it."""
        return self._receive.poll()

    def wait(self) -> None:
        """Wait until the child has finished (its result or exception is waiting, or it died)."""
        self._receive.poll(None)

    def result(self):
        """The function's return value, once the child has finished; its exception raised here."""
        try:
            ok, value = self._receive.recv()
        except EOFError:
            self._process.join()
            code = self._process.exitcode
            raise ChildFailed(f"the child process ended without a result (exit {code})") from None
        except Exception as exc:  # an exception that pickles but does not unpickle
            raise ChildFailed(f"the child's result could not be read: {exc!r}") from exc
        self._process.join()
        if not ok:
            raise value
        return value


class Deferred:
    """`with Deferred(fn, *args) as job: ...; job.start(); ...; job.result()`: a Background whose child is
    forked only when start() is called (once the parent has done what must come first), not at the `with`.
    Leaving the block before result() stops a started child; result() starts one that was not yet started."""

    def __init__(self, fn: Callable, *args):
        self._fn, self._args = fn, args
        self._job: Background | None = None

    def __enter__(self) -> Deferred:
        return self

    def __exit__(self, *exc) -> None:
        if self._job is not None:
            self._job.__exit__(*exc)

    def start(self) -> None:
        """Fork the child now (once: a second call does nothing)."""
        if self._job is None:
            self._job = Background(self._fn, *self._args)

    def result(self):
        """The function's return value (see Background.result)."""
        self.start()
        return self._job.result()


class Claims:
    """Numbers 0..n-1 handed out once each, in order, to whichever process asks next: made before a fork,
    shared by the parent and its forked children, so they can split a list of blocks between them."""

    def __init__(self, n: int):
        self.n = n
        self._next = multiprocessing.get_context("fork").Value("l", 0)

    def __iter__(self) -> Iterator[int]:
        while True:
            with self._next.get_lock():
                number = self._next.value
                self._next.value = number + 1
            if number >= self.n:
                return
            yield number


def _run(send, fn: Callable, args: tuple) -> None:
    exc = None
    try:
        outcome = (True, fn(*args))
    except BaseException as failure:
        outcome, exc = (False, failure), failure
    try:
        send.send(outcome)
    except Exception:  # the exception (or result) does not pickle: send its text
        text = "a result that does not pickle" if outcome[0] else "".join(traceback.format_exception(exc))
        send.send((False, ChildFailed(text)))
    finally:
        send.close()
