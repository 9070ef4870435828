"""Run alkkg on a faster memory allocator than glibc's, when one is installed.

Oxigraph's SPARQL evaluator allocates for every row it joins: an iterator per lookup, a tuple per
solution. Under glibc's malloc that was a fifth to a third of a listing query's time (perf, at 100x
the graph); with mimalloc preloaded the three listings answer 1.4-1.7x faster on disk and 1.1-1.4x
faster in memory (README, "Performance"). A process cannot change its allocator once it runs, so
`relaunch` re-executes the command once, unchanged, with the library in LD_PRELOAD. It does so only
on Linux, only when Debian's libmimalloc2.0 or libjemalloc2 (or the same sonames) is installed, and
not when ALKKG_ALLOCATOR=system. As with any LD_PRELOAD, the processes alkkg starts inherit the
library: the server's query workers need it, and Java (HermiT) runs on it unharmed.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from pathlib import Path

#: Preferred first: mimalloc was the faster of the two on every listing query.
LIBRARIES = {"mimalloc": "libmimalloc.so.2", "jemalloc": "libjemalloc.so.2"}
#: Set to "system" to keep glibc's allocator.
SETTING = "ALKKG_ALLOCATOR"
#: Set by the relaunch, so that it happens once even if the library failed to load.
_RELAUNCHED = "_ALKKG_RELAUNCHED"


def find() -> str | None:
    """The name of the first allocator of LIBRARIES that is installed, or None."""
    return next(
        (name for name, soname in LIBRARIES.items() if ctypes.util.find_library(name) == soname),
        None,
    )


def relaunch() -> None:
    """Re-execute this command with a faster allocator preloaded, or return and run as it is.

    Call it first thing in an entry point, before anything worth keeping has been done."""
    if (
        sys.platform != "linux"
        or _RELAUNCHED in os.environ
        or os.environ.get(SETTING) == "system"
        or active() != "system"
    ):
        return
    name = find()
    if name is None or not sys.executable:
        return
    preload = [LIBRARIES[name], os.environ.get("LD_PRELOAD", "")]
    env = {**os.environ, "LD_PRELOAD": ":".join(filter(None, preload)), _RELAUNCHED: name}
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execve(sys.executable, sys.orig_argv, env)
    except OSError:  # not worth failing the command for: it runs on glibc's allocator instead
        return


def active() -> str:
    """The allocator this process runs on: "mimalloc", "jemalloc" or "system"."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return "system"
    return next((name for name, soname in LIBRARIES.items() if soname in maps), "system")
