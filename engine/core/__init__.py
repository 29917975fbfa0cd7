"""The contract and shared plumbing: report and verdict models, normalising, settings, errors, vocabulary."""
