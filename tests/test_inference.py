"""Clause inference: where in the standard a finding belongs, whether a cited clause fits, and its figures."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from engine.check.engine import Engine
from engine.standards.inference import UNCERTAIN, citation_fit, fits, infer_requirements, is_requirement, stem, tokens
from engine.standards.model import Standard
from engine.tools.inference_eval import clause_inference_figures, read_cases, right_cited, same_requirement
from tests.conftest import ROOT, SHARED

# terse findings in our own words, each with the clause it belongs to (first place expected)
FIRST = [
    ("iso-9001-2015", "7.1.5.2", "Vernier callipers at goods-in used after their recalibration date had passed."),
    ("iso-9001-2015", "8.4.1", "Approved supplier register does not show when the plating vendor was last assessed."),
    (
        "iso-9001-2015",
        "9.3.3",
        "Minutes of the last management review record no conclusions on whether the QMS is suitable.",
    ),
    ("iso-14001-2015", "6.1.3", "The register of environmental legislation still lists repealed regulations."),
    ("iso-14001-2015", "8.2", "No spill exercise has ever been run for the bulk acid tank."),
    (
        "iso-45001-2018",
        "8.1.2",
        "Lockout padlocks were not applied before the conveyor guard was removed for cleaning.",
    ),
    ("iso-45001-2018", "10.2", "Near-miss reports from the loading dock were filed but never investigated."),
    (
        "iso-iec-27001-2022",
        "A.5.18",
        "Accounts of employees who left in March were still enabled in the directory in June.",
    ),
    ("iso-iec-27001-2022", "A.8.13", "Nobody has ever tried restoring the nightly backup tapes."),
    ("iso-iec-27001-2022", "A.8.24", "Laptops issued to sales staff have no disk encryption."),
    ("iso-13485-2016", "8.2.2", "Complaint files show no assessment of whether the complaint needed investigation."),
    ("iso-13485-2016", "7.6", "Go/no-go gauges in final inspection have no calibration records."),
]
# in the first three at least
TOP3 = [
    ("iso-9001-2015", "7.2", "An engineer with no recorded training signed off the weld inspection."),
    ("iso-13485-2016", "7.5.6", "The pouch sealing process is not validated and seals are not fully inspected."),
]


@pytest.fixture(scope="module")
def lib(engine: Engine) -> Any:
    return engine.library


def _std(lib: Any, sid: str) -> Standard:
    std = lib.get(sid)
    assert std is not None, sid
    return std  # type: ignore[no-any-return]


@pytest.mark.parametrize(("sid", "clause", "text"), FIRST)
def test_the_requirement_a_terse_finding_names_comes_first(lib: Any, sid: str, clause: str, text: str) -> None:
    found = infer_requirements(_std(lib, sid), text)
    assert found and found[0].number == clause, [m.number for m in found]


@pytest.mark.parametrize(("sid", "clause", "text"), TOP3)
def test_the_requirement_is_among_the_first_three(lib: Any, sid: str, clause: str, text: str) -> None:
    found = infer_requirements(_std(lib, sid), text, k=3)
    assert clause in [m.number for m in found]


def test_matches_are_requirements_with_scores_in_order_and_the_words_that_matched(lib: Any) -> None:
    std = _std(lib, "iso-9001-2015")
    found = infer_requirements(std, "Two torque wrenches were overdue for calibration and records were unclear.", k=5)
    assert len(found) >= 3
    assert all(is_requirement(m.clause) and not m.clause.is_heading for m in found)
    scores = [m.score for m in found]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert "calibration" in found[0].words and not found[0].uncertain


def test_headings_annexes_and_terms_are_never_inferred(lib: Any) -> None:
    for sid in ("iso-9001-2015", "iso-45001-2018", "iso-iec-27001-2022"):
        std = _std(lib, sid)
        for text in ("internal audit programme", "hazard identification consultation", "access control policy"):
            for m in infer_requirements(std, text, k=10):
                assert m.clause.normative and m.clause.has_shall and m.clause.kind not in ("term", "annex")


def test_a_finding_with_no_word_of_the_standard_infers_nothing_and_a_vague_one_is_uncertain(lib: Any) -> None:
    std = _std(lib, "iso-9001-2015")
    assert infer_requirements(std, "") == []
    assert infer_requirements(std, "zzz qqq 42") == []
    vague = infer_requirements(std, "The general approach seemed weak in places.")
    assert not vague or vague[0].score < UNCERTAIN


def test_within_keeps_the_ranking_below_a_clause(lib: Any) -> None:
    std = _std(lib, "iso-9001-2015")
    found = infer_requirements(std, "supplier evaluation and purchase order details", within="8.4")
    assert found and all(m.number.startswith("8.4.") for m in found)


def test_the_list_item_that_fits_is_named(lib: Any) -> None:
    std = _std(lib, "iso-9001-2015")
    found = infer_requirements(std, "Gauges were not safeguarded from adjustments that would invalidate calibration.")
    assert found[0].number == "7.1.5.2"
    assert found[0].item == "c"  # safeguarded from adjustment


def test_stemming_and_spelling_variants_agree() -> None:
    assert stem("calibration") == stem("calibrated")
    assert stem("organisation") == stem("organization")
    assert stem("vendor") == stem("supplier")
    assert set(tokens("the subcontractor records")) <= set(tokens("The sub-contractor's records"))
    assert stem("callipers") == stem("calipers")


@pytest.mark.parametrize(
    "word", ["organisation", "analysed", "colours", "centres", "metres", "tw12345", "supervisor", "theatre", "isis"]
)
def test_the_spelling_cues_only_skip_patterns_that_cannot_match(word: str) -> None:
    from engine.standards.inference import _EQUIV, _SPELLING, _snowball

    every = _EQUIV.get(word, word)
    for pattern, repl in _SPELLING:  # every pattern, as before the cues
        every = pattern.sub(repl, every)
    assert stem(word) == _snowball(every)


# a cited clause against the finding's words: (standard, cited clause, text, fits?)
FITS = [
    ("iso-9001-2015", "7.2", "Two micrometers in final inspection were past their calibration due date.", False),
    ("iso-9001-2015", "8.3.3", "The coating subcontractor was never evaluated or re-evaluated as a supplier.", False),
    ("iso-14001-2015", "7.2", "The legal register omits the revised waste packaging regulations.", False),
    ("iso-iec-27001-2022", "A.6.3", "Backups of the file server have never been test-restored.", False),
    ("iso-9001-2015", "7.1.5.2", "Two micrometers in final inspection were past their calibration due date.", True),
    ("iso-9001-2015", "8.4.1", "The coating subcontractor was never evaluated or re-evaluated as a supplier.", True),
    ("iso-9001-2015", "8.4.2", "The coating subcontractor was never evaluated or re-evaluated as a supplier.", True),
    ("iso-45001-2018", "7.2", "The forklift driver's licence had expired in May.", True),
    ("iso-9001-2015", "7.2", "An engineer with no recorded training signed off the weld inspection.", True),
    ("iso-9001-2015", "8.5.1", "Things were not done as they should have been.", True),  # unsure: fits
]


@pytest.mark.parametrize(("sid", "clause", "text", "expected"), FITS)
def test_fits_flags_a_cited_clause_about_another_subject_only(
    lib: Any, sid: str, clause: str, text: str, expected: bool
) -> None:
    fit = citation_fit(_std(lib, sid), clause, text)
    assert fit.fits is expected, fit.reason
    assert fits(_std(lib, sid), clause, text) is expected
    if not expected:
        assert fit.best is not None and not same_requirement(fit.best.number, clause)


def test_fits_does_not_judge_a_clause_the_standard_does_not_have(lib: Any) -> None:
    assert fits(_std(lib, "iso-9001-2015"), "99.9", "calibration overdue") is True


def _case(cid: str, clause: str | None, statement: str, **expect: Any) -> dict[str, Any]:
    finding: dict[str, Any] = {"id": "N1", "statement": statement}
    if clause is not None:
        finding["clause"] = clause
    return {
        "id": cid,
        "report": {"standard": "ISO 9001:2015", "findings": [finding]},
        "expect": {"N1": {"categories": [], **expect}},
    }


def test_figures_count_first_and_top_three_over_the_right_cited_findings_only(lib: Any) -> None:
    cases = [
        _case("hit", "7.1.5.2 a)", "Three gauges were used past their calibration due date."),  # an item: a hit
        _case("miss", "5.3", "Three gauges were used past their calibration due date."),  # cited elsewhere
        _case("broad", "7.1.5.2", "Gauges not calibrated.", categories=["citation_mismatch"]),  # excluded
        _case("pref", "7.1.5.2", "Gauges should be colour coded.", categories=["preference"]),  # excluded
        _case("gone", "7.1.5.2", "Gauges not calibrated.", verdict="withdraw"),  # excluded
        _case("unknown", "99.1", "Gauges not calibrated."),  # does not resolve: excluded
        _case("uncited", None, "Gauges not calibrated."),  # no clause: excluded
        {**_case("unjudged", "7.1.5.2", "Gauges not calibrated."), "expect": {}},  # no expectation: excluded
    ]
    fig = clause_inference_figures(cases, SimpleNamespace(library=lib))
    assert fig["n"] == 2
    assert fig["top1"] == 1 and fig["top1_rate"] == 0.5
    assert [m["case"] for m in fig["misses"]] == ["miss"]
    assert fig["misses"][0]["cited"] == ["5.3"] and fig["misses"][0]["top3"] is False
    assert fig["top3"] == 1


def test_same_requirement_is_equality_or_one_below_the_other() -> None:
    assert same_requirement("8.4.1", "8.4.1")
    assert same_requirement("7.1.5", "7.1.5.2") and same_requirement("7.1.5.2", "7.1.5")
    assert not same_requirement("8.4.1", "8.4.2")
    assert not same_requirement("7.1", "7.10")


OWN_CASES = [
    ROOT / "tests" / "cases" / name
    for name in ("inference_cases.jsonl", "inference_holdout.jsonl", "inference_blind2.jsonl")
]


@pytest.mark.parametrize("path", OWN_CASES, ids=lambda p: p.name)
def test_own_findings_meet_the_issue_targets_and_every_right_citation_fits(lib: Any, path: Path) -> None:
    cases = read_cases(path)
    fig = clause_inference_figures(cases, SimpleNamespace(library=lib))
    assert fig["n"] == len(cases)  # every finding there is cited rightly
    assert fig["top1_rate"] >= 0.75 and fig["top3_rate"] >= 0.95, fig["misses"]
    for row in right_cited(cases, lib):
        assert fits(_std(lib, row["standard"]), row["cited"][0], row["text"], row["evidence"]), row


@pytest.mark.skipif(not (SHARED / "corpus").exists(), reason="the shared corpus is not beside this checkout")
@pytest.mark.parametrize("name", ["dev_cases.jsonl", "real_cases.jsonl"])
def test_shared_corpus_findings_meet_the_issue_targets(lib: Any, name: str) -> None:
    """The issue's targets on the shared cases too: real findings are terser and span two requirements more
    often, so they are measured apart (right clause first at least 75%, in the first three at least 95%)."""
    fig = clause_inference_figures(read_cases(SHARED / "corpus" / name), SimpleNamespace(library=lib))
    assert fig["n"] >= 10
    assert fig["top1_rate"] >= 0.75 and fig["top3_rate"] >= 0.95, fig["misses"]


def test_the_start_up_cache_keeps_the_requirement_index_with_the_same_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.standards.library import StandardLibrary

    monkeypatch.setenv("NCAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NCAUDIT_CACHE", raising=False)
    built = StandardLibrary.load([])  # parsed, indexed and stored
    thawed = StandardLibrary.load([])  # read back from the cache
    a, b = _std(built, "iso-13485-2016"), _std(thawed, "iso-13485-2016")
    assert "requirements" in b._memo
    text = "Torque drivers on the assembly line carry no calibration status."
    assert [(m.number, m.score, m.item) for m in infer_requirements(a, text)] == [
        (m.number, m.score, m.item) for m in infer_requirements(b, text)
    ]


def test_a_purpose_clause_says_why_not_which_requirement(lib: Any) -> None:
    """'... to prevent nonconforming products' is the purpose; what was not done names the requirement."""
    from engine.standards.inference import without_purpose

    text = "Management did not provide the staff needed on the night shift to prevent nonconforming products."
    assert "nonconforming" not in without_purpose(text)
    std = lib.get("iso-9001-2015")
    assert std is not None
    ranked = [m.number for m in infer_requirements(std, without_purpose(text), k=3)]
    assert ranked and ranked[0].startswith("7.1"), ranked  # with the purpose clause, 8.7.1 came first


def _ranking(std: Standard, text: str, evidence: str = "") -> list[tuple[str, float]]:
    return [(m.number, m.raw) for m in infer_requirements(std, text, k=5, evidence=evidence)]


@pytest.mark.parametrize(
    "text",
    [
        "The site {} keep records of the monthly fire-alarm tests.",
        "Purchasing {} evaluate the new packaging supplier before the first order.",
        "The laboratory {} verify the torque wrenches at the intervals set in its plan.",
    ],
)
def test_failed_to_frames_a_nonfulfilment_as_did_not_does(lib: Any, text: str) -> None:
    """'failed to' is the frame of the finding, like 'did not': it names no subject (8.7.1 held 'failed')."""
    std = _std(lib, "iso-9001-2015")
    assert _ranking(std, text.format("failed to")) == _ranking(std, text.format("did not"))


def test_failure_as_the_subject_keeps_its_word(lib: Any) -> None:
    """'failed final inspection' is what happened to the product, not the frame: the word still counts."""
    std = _std(lib, "iso-9001-2015")
    failed = dict(_ranking(std, "Two housings that failed final inspection were packed."))
    passed = dict(_ranking(std, "Two housings that had final inspection were packed."))
    assert failed["8.7.1"] > passed.get("8.7.1", 0.0)


@pytest.mark.parametrize(
    ("sid", "hyphenated", "spaced"),
    [
        ("iatf-16949-2016", "Competence of second-party auditors is not shown.", "second party"),
        ("iso-iec-27001-2022", "Third-party remote access is not reviewed.", "Third party"),
        ("iso-9001-2015", "No re-evaluation of the plating sub-contractor.", "re evaluation|sub contractor"),
    ],
)
def test_a_hyphenated_word_counts_once_as_its_spaced_form_does(
    lib: Any, sid: str, hyphenated: str, spaced: str
) -> None:
    """`second-party` gives `second`, `party` and `secondparty` so that either spelling meets the tree; the
    score takes the parts or the joined form, not all three (which ranked any hyphenated subject first)."""
    std = _std(lib, sid)
    spaced_text = hyphenated
    for words in spaced.split("|"):
        spaced_text = spaced_text.replace(words.replace(" ", "-"), words)
    assert spaced_text != hyphenated
    got, want = _ranking(std, hyphenated), _ranking(std, spaced_text)
    assert [n for n, _ in got[:3]] == [n for n, _ in want[:3]]
    for (_, a), (_, b) in zip(got, want, strict=False):
        assert a <= b * 1.25  # never more than the spaced words, beyond a phrase bonus of the tree's own hyphen


@pytest.mark.parametrize(
    ("statement", "aside"),
    [
        ("Risk treatment for register entry R-22 is overdue with no new target date", "('Contractor portal logging')"),
        ("The corrective action for NCR 118 was closed without checking it worked", '"Supplier scrap at goods-in"'),
        ("Competence of the two new weld inspectors is not recorded", "(both hired from the vendor's site team)"),
    ],
)
def test_quotations_and_brackets_count_as_evidence(lib: Any, statement: str, aside: str) -> None:
    """A record's quoted title, someone's words and a bracketed remark name things, not the requirement: they
    weigh as evidence does, so a title full of another subject's words does not move the requirement."""
    for sid in ("iso-9001-2015", "iso-iec-27001-2022"):
        std = _std(lib, sid)
        inline = _ranking(std, f"{statement} {aside}.")
        apart = _ranking(std, f"{statement}.", evidence=aside.strip("()'\""))
        assert inline == apart


def test_a_leading_label_names_where_the_auditor_looked(lib: Any) -> None:
    """'Maintenance log for press 7: ...' says where the evidence was read; what follows it says what was
    not done (here: calibrations missed, 7.1.5), and the label weighs as evidence does."""
    std = _std(lib, "iso-9001-2015")
    text = "Maintenance log for press 7: the pressure transducer was not calibrated in March or April."
    ranked = [m.number for m in infer_requirements(std, text)]
    assert ranked[0].startswith("7.1.5"), ranked
    assert _ranking(std, text) == _ranking(
        std, "The pressure transducer was not calibrated in March or April.", evidence="Maintenance log for press 7"
    )


def test_an_index_that_has_answered_still_pickles_for_the_start_up_cache(lib: Any) -> None:
    # the index keeps its last answers (coverage functions among them); the start-up cache pickles the index after
    # a run, so the answer must stay out of it or the standards are never cached
    import pickle

    from engine.standards.inference import requirement_index

    std = _std(lib, "iso-9001-2015")
    text = "Calibration of the torque wrenches was overdue."
    before = [(m.number, m.score, m.words) for m in infer_requirements(std, text, evidence="Wrench TW-07.")]
    assert citation_fit(std, "7.1.5.2", text, "Wrench TW-07.").fits
    restored = pickle.loads(pickle.dumps(requirement_index(std)))
    assert restored.infer(text, evidence="Wrench TW-07.")
    assert [(m.number, m.score, m.words) for m in restored.infer(text, evidence="Wrench TW-07.")] == before


def test_each_finding_is_ranked_once_though_its_facts_are_built_step_by_step(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # facts are built a chunk of findings at a time, step after step: the citation fit and the inference of one
    # finding ask a few steps apart, and the index keeps enough answers that neither ranks it again
    from engine.core.models import Report
    from engine.facts import CHUNK
    from engine.standards.inference import RECENT, RequirementIndex

    calls: list[str] = []
    real = RequirementIndex._ranked

    def counted(self: RequirementIndex, text: str, evidence: str) -> Any:
        calls.append(text)
        return real(self, text, evidence)

    def report(n: int, words: str) -> Report:
        findings = [{"id": f"N{i}", "clause": "7.1.5.2", "statement": f"Gauge G-{i} {words}."} for i in range(n)]
        return Report.model_validate({"standard": "ISO 9001:2015", "findings": findings})

    monkeypatch.setattr(RequirementIndex, "_ranked", counted)
    # an index that already holds nearly all it keeps: its older answers give way, never this report's
    engine.check(report(RECENT - 3, "was found out of calibration at the goods-in bench"))
    calls.clear()
    engine.check(report(CHUNK + 5, "was used past its calibration due date"))
    assert len(calls) == len(set(calls)) == CHUNK + 5
