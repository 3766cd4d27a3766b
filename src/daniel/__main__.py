from daniel.cli import main

raise SystemExit(main())
