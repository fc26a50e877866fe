"""``python -m vision_desktop`` starts the app (or the CLI when given arguments)."""

from vision_desktop.app import main

raise SystemExit(main())
