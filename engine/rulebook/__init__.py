"""The rule base as data: rule files, lexicons, the configuration, scheme packs and the durable-rules adapter."""
