import sys

from kg.allocator import relaunch

relaunch()  # measure on the allocator `alkkg` itself runs on

if "--sizes" in sys.argv[1:]:
    from benchmarks.suite import main
elif "--paging" in sys.argv[1:]:
    from benchmarks.paging import main

    sys.argv.remove("--paging")
else:
    from benchmarks.core import main

raise SystemExit(main())
