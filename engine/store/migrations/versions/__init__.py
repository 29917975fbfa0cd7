"""One module per schema version, each revising the one before."""
