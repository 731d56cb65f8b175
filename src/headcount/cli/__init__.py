"""The command line: thin commands over the library (see `headcount --help`)."""
