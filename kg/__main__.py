"""The command line's entry point, for both `alkkg` and `python -m kg`."""

from kg.allocator import relaunch


def run() -> int:
    """Relaunch on a faster allocator if one is installed (before the heavy imports), then run."""
    relaunch()
    from kg.cli import main

    return main()


if __name__ == "__main__":
    raise SystemExit(run())
