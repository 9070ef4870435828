"""The `alkkg` command line. Each command is a thin wrapper over one library function.

The commands are grouped by stage, one module a group (`build`, `query`, `publish`, `plot`); each module
adds its subparsers and names its handlers. `main` turns every failure into a message and an
exit code (`kg.errors`): a user's mistake or bad data in one line, a bug as a bug.
"""

from __future__ import annotations

import argparse
import sys
import traceback

from kg import __version__
from kg.cli import build, plot, publish, query
from kg.cli.common import Handler
from kg.errors import EXIT_BUG, exit_code
from kg.resources import default_store_path

GROUPS = (build, query, publish, plot)
COMMANDS: dict[str, Handler] = {name: h for group in GROUPS for name, h in group.HANDLERS.items()}


def _version() -> str:
    """The version line, with what a performance report needs: the engine and the allocator."""
    from importlib.metadata import version

    from kg.allocator import active

    return f"alkkg {__version__} (pyoxigraph {version('pyoxigraph')}, allocator {active()})"


def parser() -> argparse.ArgumentParser:
    """The whole command line: the global flags and each group's subcommands."""
    top = argparse.ArgumentParser(
        prog="alkkg", description="An open knowledge graph of ALK-positive NSCLC."
    )
    top.add_argument("--version", action="version", version=_version())
    top.add_argument("--debug", action="store_true", help="show the traceback of a failure")
    commands = top.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.add_parsers(commands)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    store_path = getattr(args, "store", None) or default_store_path()
    try:
        return COMMANDS[args.command](args, store_path)
    except KeyboardInterrupt as exc:
        return exit_code(exc)
    except Exception as exc:  # a failure is a message and an exit code; a bug says it is one
        code = exit_code(exc)
        if args.debug:
            traceback.print_exc()
        if code == EXIT_BUG:
            print(
                f"alkkg {args.command}: internal error ({type(exc).__name__}: {exc}); this is a "
                "bug in alkkg: please report it with the output of --debug",
                file=sys.stderr,
            )
        else:
            print(f"alkkg {args.command}: {exc}", file=sys.stderr)
        return code
