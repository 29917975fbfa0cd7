"""ncaudit: checks audit findings against ISO/IEC 17021-1:2015 clause 9.4.5."""

__version__ = "0.3.0"
