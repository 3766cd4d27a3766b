import gc

gc.disable()  # until start-up is done: `daniel.cli.main` turns it back on (see `_start_up`)

from daniel.cli import main  # noqa: E402 - after gc.disable, which covers its import too

raise SystemExit(main())
