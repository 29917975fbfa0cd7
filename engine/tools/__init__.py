"""Measuring the engine on labelled cases: `ncaudit eval` and the clause-inference figures."""
