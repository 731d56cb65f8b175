"""The simulated sources: one module per family, all listed in `registry.SOURCES`."""
