"""One module per ``drafter`` command; each has ``run(args) -> exit code``."""
