import sys

if "--sizes" in sys.argv[1:]:
    from benchmarks.suite import main
else:
    from benchmarks.core import main

raise SystemExit(main())
