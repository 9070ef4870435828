from benchmarks.core import main

raise SystemExit(main())
