"""The guidance-documents list (standards/guidance-documents.yaml) names guidance, never audit criteria (issue 25).

Principle: a guideline describes one way to meet a requirement (17021-1 9.2.1.3). Codex guidelines (CAC/GL, now CXG)
are guidance by their own title; a requirements standard is never on the list."""

from __future__ import annotations

from engine.standards.guidance import known_guidance


def test_codex_guidelines_are_known_as_guidance_under_either_numbering() -> None:
    for name in ("CAC/GL 69-2008", "Codex CAC/GL 69-2008 section 4", "CXG 69-2008"):
        found = known_guidance(name)
        assert found is not None, name
        assert "CAC/GL" in found.designation


def test_requirements_standards_and_bare_numbers_are_not_guidance() -> None:
    for name in ("ISO 9001:2015", "ISO 22000:2018 8.5.4", "ISO/IEC 27001:2022", "GL 69", "CAC 69-2008"):
        assert known_guidance(name) is None, name
    assert known_guidance("ISO 10002:2018 7.3") is not None  # complaints handling guidelines
