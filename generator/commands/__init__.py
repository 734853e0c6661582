"""One module per command; each is a plain function the CLI calls."""
