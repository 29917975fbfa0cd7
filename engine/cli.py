"""`ncaudit`: the command-line door onto the engine (contract.md, "Command line")."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine import __version__
from engine.core.vocabulary import FAIL_ON

if TYPE_CHECKING:
    from engine.core.settings import Settings

# Only what every command needs is imported here: `--version`, `--help`, `standards`, `schemes` and `rules`
# start without the engine (no rule engine, facts, lexicons or inference; `--version` and `--help` without
# pydantic). Each command imports the modules it alone needs when it runs (ARCHITECTURE.md, "Layers");
# tests/test_cli_startup.py checks which modules each command loads.

EXIT_OK, EXIT_ISSUES, EXIT_INPUT = 0, 1, 2


class InputError(Exception):
    """Unusable input: printed as one line naming the file and field, exit code 2."""


def _die(msg: str) -> int:
    print(f"ncaudit: {msg}", file=sys.stderr)
    return EXIT_INPUT


def _settings() -> Settings:
    """The NCAUDIT_* settings, read as the service reads them (engine/core/settings.py); a bad value is
    unusable input, named by its variable."""
    from engine.core.settings import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as exc:
        raise InputError(str(exc)) from None


def _standards_dirs(args: argparse.Namespace) -> list[str]:
    """NCAUDIT_STANDARDS_DIR (os.pathsep-separated) and every --standards DIR."""
    return _settings().standards_dirs() + list(getattr(args, "standards", None) or [])


def _engine(args: argparse.Namespace) -> Any:
    from engine.check.engine import Engine
    from engine.rulebook.config import ConfigError, load_config
    from engine.rulebook.lexicon import LexiconError
    from engine.rulebook.rulebase import RuleError

    dirs = _standards_dirs(args)
    config_path = getattr(args, "config", None) or _settings().rules_config
    try:
        engine = Engine(config=load_config(config_path), standards_dirs=dirs)
    except (ConfigError, RuleError, LexiconError) as exc:
        raise InputError(str(exc)) from None
    gc.freeze()  # what start-up loaded stays out of every later collection
    gc.enable()
    return engine


def _warn(engine: Any) -> None:
    for w in engine.library.warnings:
        print(f"ncaudit: warning: {w}", file=sys.stderr)


# -- check ------------------------------------------------------------------------------------------


def read_report(
    name: str,
    standard: str | None = None,
    details: dict[str, str | None] | None = None,
    *,
    announce: bool = True,
    streamed: bool = False,
) -> tuple[Any, dict[str, Any]]:
    """Read and validate one report file (JSON, CSV/XLSX, PDF, Word, CARA: engine/inputs/reader.py); `-` is
    stdin. `details` (the --client, --last-day ... flags) replace what the file says. Its input warnings go to
    stderr when `announce` (not when the output itself lists them where the user reads it). `streamed`: a JSON
    report comes back as a `StreamedReport` (its findings read one at a time as they are checked), the data
    then empty; every error is still raised here, before any output."""
    from engine.core.limits import ImportError_
    from engine.inputs.streamed import read_json_file

    label = "<stdin>" if name == "-" else name
    limits = _settings().file_limits()
    data: dict[str, Any] = {}
    report: Any = read_json_file(Path(name), standard, limits, details) if streamed and name != "-" else None
    if report is not None:  # a plain .json report, read with no other reader imported (start-up)
        if announce:
            for w in dict.fromkeys(report.input_warnings):
                print(f"ncaudit: warning: {label}: {w}", file=sys.stderr)
        return report, data
    from engine.inputs import reader

    try:
        source = _stdin(limits.max_file_bytes) if name == "-" else Path(name)
        if streamed:
            report = reader.read_report_streamed(source, name, standard, limits, details=details)
        else:
            report, data = reader.read_report(source, name, standard, limits, details=details)
    except ImportError_ as exc:
        raise InputError(f"{label}: {exc}") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read file ({exc.strerror or exc})") from None
    if announce:
        for w in dict.fromkeys(report.input_warnings):
            print(f"ncaudit: warning: {label}: {w}", file=sys.stderr)
    return report, data


def _stdin(limit: int) -> bytes:
    """Standard input, at most `limit` bytes (`yes | ncaudit check -` is refused, not read until memory runs out)."""
    from engine.core.bounded_read import TooLarge, read_stream_bounded

    try:
        return read_stream_bounded(sys.stdin.buffer, limit)
    except TooLarge:
        raise InputError(
            f"<stdin>: the input is over the limit of {limit:,} bytes (max_file_bytes, setting NCAUDIT_MAX_BODY_BYTES);"
            " split the report into smaller files"
        ) from None


def write_output(path: str, data: str | bytes, newline: str | None = None) -> None:
    """Write an output file; a write that fails (a full disk, /dev/full, a folder) is one line and exit 2."""
    try:
        if isinstance(data, bytes):
            Path(path).write_bytes(data)
        else:
            Path(path).write_text(data, encoding="utf-8", newline=newline)
    except OSError as exc:
        raise InputError(f"{path}: cannot write the output ({exc.strerror or exc})") from None


def cmd_check(args: argparse.Namespace) -> int:
    from engine.core import regex_cache, startup_cache

    startup_cache.defer_writes()  # cache entries and the prefilter are written after the output (see finish)
    regex_cache.install()  # the patterns past runs compiled, taken as compiled (engine/core/regex_cache.py)
    try:
        return _check(args)
    finally:
        startup_cache.finish()


def _check(args: argparse.Namespace) -> int:
    fmt = args.format or ("text" if sys.stdout.isatty() else "json")
    if fmt in ("json", "text") and not args.show_read and not args.store:
        return _check_streamed(args, fmt)
    return _check_whole(args)


def _warnings_in_output(args: argparse.Namespace, fmt: str) -> bool:
    """The text report (and --show-read's text) lists the input warnings itself: on stdout they are not printed
    a second time on stderr."""
    return (fmt == "text" or (args.show_read and args.format in (None, "text"))) and not args.output


def _check_streamed(args: argparse.Namespace, fmt: str) -> int:
    """`check` in JSON or text, a file at a time: each report is read, checked and written before the next is
    read (JSON: its findings as they are decided, engine/outputs/render.py), so memory stays that of one report
    whatever the number of files, and that of a few chunks of findings whatever a report's size. The output
    goes to a spool on disk and out at the end: a file that cannot be read leaves no partial output."""
    import tempfile

    from engine.core.models import Report
    from engine.core.normalise import with_input_warnings
    from engine.outputs.render import text_report, write_json_streamed

    engine = None
    levels = FAIL_ON[args.fail_on]
    hit = False
    many = len(args.files) > 1
    color = sys.stdout.isatty()
    with tempfile.TemporaryFile() as spool:
        if fmt == "json" and many:
            spool.write(b"[\n")
        for n, name in enumerate(args.files):
            announce = not _warnings_in_output(args, fmt)
            # JSON: a report read a finding at a time (engine/inputs/streamed.py), its every error raised here
            report = read_report(name, args.standard, given_details(args), announce=announce, streamed=fmt == "json")[0]
            if engine is None:
                engine = _engine(args)
                _warn(engine)
            if n:
                spool.write(b",\n" if fmt == "json" else b"\n")
            if fmt == "json":
                warnings = report.input_warnings
                if isinstance(report, Report):
                    check = engine.check_streamed(report, release=True)  # each finding let go of once checked
                else:  # a StreamedReport: its findings validated anew as the check takes them
                    check = engine.check_streamed(report.header, findings_read=report)
                del report
                write_json_streamed(check, spool, depth=1 if many else 0, warnings=warnings)
                hit = hit or any(s in levels for s in check.tally.by_severity)
            else:
                result = with_input_warnings(report, engine.check(report))
                spool.write(text_report(result, color).encode("utf-8"))
                hit = hit or any(i.severity in levels for f in result.findings for i in f.issues)
                del report, result
        if fmt == "json" and many:
            spool.write(b"\n]")
        spool.write(b"\n")
        spool.seek(0)
        if args.output:
            try:
                with open(args.output, "wb") as fh:
                    _copy(spool, fh, strip_newline=True)
            except OSError as exc:  # a full disk, /dev/full, a folder: one line and exit 2
                raise InputError(f"{args.output}: cannot write the output ({exc.strerror or exc})") from None
        elif hasattr(sys.stdout, "buffer"):
            sys.stdout.flush()
            _copy(spool, sys.stdout.buffer, strip_newline=False)
            sys.stdout.buffer.flush()
        else:  # a text stream with no bytes beneath (an embedding's, a test's StringIO)
            sys.stdout.write(spool.read().decode("utf-8"))
    return EXIT_ISSUES if hit else EXIT_OK


def _copy(src: Any, dst: Any, strip_newline: bool) -> None:
    """Copy the spool; to a file, without the final newline `render` never wrote there."""
    import shutil

    if not strip_newline:
        shutil.copyfileobj(src, dst)
        return
    size = src.seek(0, 2)
    src.seek(0)
    left = size - 1
    while left > 0:
        block = src.read(min(left, 1 << 20))
        dst.write(block)
        left -= len(block)


def _check_whole(args: argparse.Namespace) -> int:
    """`check` in HTML or CSV (one page or worklist over every report, made once all are checked), with
    --show-read, or with --store."""
    from engine.core.normalise import with_input_warnings
    from engine.outputs.render import render

    fmt = args.format or ("text" if sys.stdout.isatty() else "json")
    announce = not _warnings_in_output(args, fmt)
    details = given_details(args)
    reports = [read_report(name, args.standard, details, announce=announce) for name in args.files]
    if args.show_read:
        return _show_read(args, reports)
    engine = _engine(args)
    _warn(engine)
    if args.store:
        results = _check_and_keep(args, engine, reports)
    else:
        results = [with_input_warnings(r, engine.check(r)) for r, _ in reports]
    out = render(results, fmt, color=sys.stdout.isatty(), reports=[r for r, _ in reports])
    if args.output:
        write_output(args.output, out)
    else:
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
    levels = FAIL_ON[args.fail_on]
    hit = any(i.severity in levels for res in results for f in res.findings for i in f.issues)
    return EXIT_ISSUES if hit else EXIT_OK


def _check_and_keep(args: argparse.Namespace, engine: Any, reports: list[tuple[Any, dict[str, Any]]]) -> list[Any]:
    """`check --store`: each report checked with its client's history from the store, and kept there."""
    import getpass

    from sqlalchemy.exc import SQLAlchemyError

    from engine.core.normalise import with_input_warnings
    from engine.store.repository import check_and_keep  # per command: SQLAlchemy only with --store

    settings = _settings()
    store = _open_store()
    results = []
    try:
        who = store.principal_for(args.organisation or settings.organisation, "admin", f"cli:{getpass.getuser()}")
        for (report, data), name in zip(reports, args.files, strict=True):
            sources = {
                "file": "<stdin>" if name == "-" else name,
                "as_written": data,
                "warnings": report.input_warnings,
            }
            verdict, stored = check_and_keep(store, who, report, engine.check, sources)
            print(f"ncaudit: kept {name} in the store as report {stored}", file=sys.stderr)
            results.append(with_input_warnings(report, verdict))
    except SQLAlchemyError as exc:
        raise InputError(f"the store cannot be used: {str(exc).splitlines()[0]}") from None
    finally:
        store.close()
    return results


# -- what was read, and the details given beside a file ----------------------------------------------------------


def add_detail_flags(p: argparse.ArgumentParser) -> None:
    """The report's details a user can give beside the file (they replace what the file says)."""
    g = p.add_argument_group("report details (replace what the file says; a pasted or bare file often has none)")
    g.add_argument("--report-id", metavar="ID", help="the certification body's report number")
    g.add_argument("--client", help="the organisation audited (it signs the letter)")
    g.add_argument("--certification-body", metavar="NAME")
    g.add_argument("--audit-date", metavar="YYYY-MM-DD", help="the audit's date (its last day when it ran longer)")
    g.add_argument("--first-day", metavar="YYYY-MM-DD", help="the audit's first day")
    g.add_argument(
        "--last-day", metavar="YYYY-MM-DD", help="the audit's last day (closing meeting): deadlines count from it"
    )


def given_details(args: argparse.Namespace) -> dict[str, str | None]:
    """The detail flags as report field paths (`audit.last_day`); a date that is not YYYY-MM-DD is unusable input."""
    import datetime as dt

    given: dict[str, str | None] = {
        "id": getattr(args, "report_id", None),
        "client": getattr(args, "client", None),
        "certification_body": getattr(args, "certification_body", None),
    }
    for flag, path in (("audit_date", "audit.date"), ("first_day", "audit.first_day"), ("last_day", "audit.last_day")):
        value = getattr(args, flag, None)
        if value is not None:
            try:
                dt.date.fromisoformat(value.strip())
            except ValueError:
                raise InputError(f"--{flag.replace('_', '-')} {value!r} is not a date written YYYY-MM-DD") from None
        given[path] = value
    return {k: v for k, v in given.items() if v is not None}


def _show_read(args: argparse.Namespace, reports: list[tuple[Any, dict[str, Any]]]) -> int:
    """`check --show-read`: what was read from each file, with where, instead of verdicts (JSON with --format json:
    a report to correct and check)."""
    from engine.inputs.shown import show_read

    if args.format == "json":
        out = json.dumps([d for _, d in reports] if len(reports) > 1 else reports[0][1], indent=2, ensure_ascii=False)
    elif args.format in (None, "text"):
        out = "\n".join(show_read(d, r.input_warnings, name) for (r, d), name in zip(reports, args.files, strict=True))
    else:
        raise InputError("--show-read prints text or JSON: use --format text or --format json")
    if args.output:
        Path(args.output).write_text(out + ("\n" if not out.endswith("\n") else ""), encoding="utf-8")
    else:
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return EXIT_OK


# -- standards and rules ------------------------------------------------------------------------------


def cmd_standards(args: argparse.Namespace) -> int:
    from engine.standards.citation import find_clause
    from engine.standards.model import StandardError
    from engine.standards.sts import sts_file_to_xml

    engine_lib = _library(args)
    if args.action in (None, "list"):
        if args.json:
            print(json.dumps([{**s.to_dict(), "status": engine_lib.status(s)} for s in engine_lib], indent=2))
            return EXIT_OK
        for s in engine_lib:
            flags = [s.kind] + ([s.origin] if s.origin != "bundled" else [])
            base = f"extends {s.extends}" if s.extends else "-"
            print(
                f"{s.id:<22} {s.designation:<20} {s.edition:<9} {base:<24} {engine_lib.status(s):<30} "
                f"{len(s.clauses):>4} clauses  {', '.join(flags)}"
            )
        return EXIT_OK
    if args.action == "show":
        std = engine_lib.resolve(args.id)
        if std is None:
            raise InputError(f"standards show: no standard {args.id!r}; loaded: {', '.join(engine_lib.ids())}")
        if args.clause:
            clause = find_clause(std, args.clause, engine_lib)
            if clause is None:
                raise InputError(f"standards show: {std.designation} has no clause {args.clause!r}")
            if args.json:
                print(json.dumps(clause.to_dict(), indent=2))
            else:
                print(_clause_text(clause))
            return EXIT_OK
        if args.json:
            print(json.dumps(std.to_dict(with_clauses=True), indent=2))
            return EXIT_OK
        base = f", extends {std.extends}" if std.extends else ""
        base += f", {std.discipline}" if std.discipline else ""
        print(f"{std.designation}  {std.title}  [{std.kind}{base}; {engine_lib.status(std)}]")
        for c in std.walk():
            mark = ("" if c.normative else "  (informative)") + (f"  (added by {c.source})" if c.added else "")
            print(f"{'  ' * (c.depth - 1)}{c.number} {c.title}{mark}")
        return EXIT_OK
    if args.action == "import":
        try:
            xml = sts_file_to_xml(Path(args.id))
        except StandardError as exc:  # StsError too: a refused or unreadable standard, said in one line
            raise InputError(str(exc)) from None
        except OSError as exc:
            raise InputError(f"{args.id}: cannot read file ({exc.strerror or exc})") from None
        if args.output:
            write_output(args.output, xml)
        else:
            sys.stdout.write(xml)
        return EXIT_OK
    raise InputError(f"standards: unknown action {args.action!r}; use list, show or import")


def _library(args: argparse.Namespace) -> Any:
    from engine.standards.library import StandardLibrary

    lib = StandardLibrary.load(_standards_dirs(args))
    for w in lib.warnings:
        print(f"ncaudit: warning: {w}", file=sys.stderr)
    return lib


def _clause_text(c: Any) -> str:
    lines = [f"{c.number} {c.title}  [{c.kind}, {'normative' if c.normative else 'informative'}]"]
    if c.source:
        lines.append(f"  {'added by' if c.added else 'from'} {c.source}")
    if c.keywords:
        lines.append(f"  keywords: {', '.join(c.keywords)}")
    for p in c.provisions:
        added = " (added)" if p.added else ""
        lines.append(f"  -{added} ({p.form}; documented information: {p.di}) {p.text}")
    for label, p in c.items.items():
        added = " (added)" if p.added else ""
        lines.append(f"  {label}){added} ({p.form}; documented information: {p.di}) {p.text}")
    for n in c.notes:
        lines.append(f"  NOTE {n.label or ''}: {n.text}".replace("  NOTE : ", "  NOTE: "))
    lines += _obligation_lines(c.obligation)
    if c.children:
        lines.append(f"  sub-clauses: {', '.join(c.children)}")
    if c.successor:
        lines.append(f"  now: {', '.join(c.successor)}")
    return "\n".join(lines)


def _obligation_lines(obl: Any) -> list[str]:
    """What the requirement obliges, leaves to the organization and does not require (the obligation layer)."""
    if obl is None:
        return []
    taken = f" (taken from {', '.join(obl.inherited_from)}: the same requirement)" if obl.inherited_from else ""
    lines = [f"  obliges{taken}:"]
    for o in obl.obliges:
        tags = [f"item {o.item})" if o.item else "", f"documented information: {o.di}" if o.di != "none" else ""]
        tags.append(f"per {o.unit}" if o.unit else "")
        tag = "; ".join(t for t in tags if t)
        lines.append(f"    - {o.text}" + (f"  [{tag}]" if tag else ""))
    if obl.leaves:
        lines.append("  leaves to the organization:")
        for x in obl.leaves:
            means = f" (e.g. {', '.join(x.examples)}: none of them required)" if x.examples else ""
            lines.append(f"    - {x.aspect}: {x.text}{means}")
    if obl.not_required:
        lines.append("  does not require: " + "; ".join(obl.not_required))
    if obl.processes:
        lines.append("  makes mandatory: " + "; ".join(obl.processes))
    for r in obl.refers:
        lines.append(f"  refers to {r.to} for: {r.text}")
    return lines


def cmd_facts(args: argparse.Namespace) -> int:
    """The fact catalogue: every fact a rule's `when` can read, in the order they are computed."""
    from engine.facts import FactBuilder
    from engine.rulebook.config import Options
    from engine.rulebook.lexicon import load_lexicons
    from engine.rulebook.rulebase import condition_fields, load_rules, rules_folder
    from engine.standards.library import StandardLibrary

    rules = load_rules()
    builder = FactBuilder(
        StandardLibrary(),
        load_lexicons(rules_folder() / "lexicons"),
        Options(),
        [r for r in rules if r.effect == "withdraw"],
    )
    used: dict[str, list[str]] = {}

    for r in rules:
        for name in condition_fields(r.when):
            used.setdefault(name, []).append(r.id)
    rows = [
        {
            "name": s.name,
            "subject": s.subject,
            "values": s.describe_values(),
            "reads": list(s.reads),
            "doc": s.doc,
            "rules": used.get(s.name, []),
        }
        for s in builder.catalogue
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
        return EXIT_OK
    for row in rows:
        if row["subject"] == "lexicon" and not row["rules"] and not args.all:
            continue
        print(f"{row['name']:<36} {row['subject']:<10} {row['values']}")
        print(f"    {row['doc']}")
        if row["reads"]:
            print(f"    reads: {', '.join(row['reads'])}")
        if row["rules"]:
            print(f"    read by: {', '.join(row['rules'])}")
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from engine.rulebook.rulebase import load_rules

    try:
        rules = load_rules()
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if args.action in (None, "list"):
        if args.json:
            print(json.dumps([r.docs() for r in rules], indent=2))
            return EXIT_OK
        for r in rules:
            print(f"{r.id}  {r.name:<38} {r.category:<36} {r.severity:<8} {r.summary}")
        return EXIT_OK
    if args.action == "show":
        rule = next((r for r in rules if args.rule in (r.id, r.name, *r.aliases)), None)
        if rule is None:
            raise InputError(f"rules show: no rule {args.rule!r}; see `ncaudit rules`")
        if args.json:
            print(json.dumps(rule.docs(), indent=2))
        else:
            from engine.outputs.render import rule_doc_text

            print(rule_doc_text(rule))
        return EXIT_OK
    raise InputError(f"rules: unknown action {args.action!r}; use list or show")


def cmd_schemes(args: argparse.Namespace) -> int:
    """`ncaudit schemes [list | show NAME]`: the scheme rule packs in rules/schemes/."""
    from engine.rulebook.schemes import SchemeError, format_pack, load_schemes, scheme_for

    try:
        packs = load_schemes()
    except SchemeError as exc:
        raise InputError(str(exc)) from None
    if args.action in (None, "list"):
        if args.json:
            print(json.dumps([p.model_dump(mode="json") for p in packs], indent=2))
            return EXIT_OK
        for p in packs:
            mark = "  [default]" if p.default else ""
            print(f"{p.id:<18} {p.title}{mark}\n{'':<18} sources: {'; '.join(p.sources)}")
        return EXIT_OK
    if args.action == "show":
        pack = next((p for p in packs if p.id == args.name), None) or (
            scheme_for(args.name, None, packs) if args.name else None
        )
        if pack is None or (pack.default and args.name not in (pack.id, *pack.names)):
            raise InputError(f"schemes show: no scheme {args.name!r}; loaded: {', '.join(p.id for p in packs)}")
        print(json.dumps(pack.model_dump(mode="json"), indent=2) if args.json else format_pack(pack))
        return EXIT_OK
    raise InputError(f"schemes: unknown action {args.action!r}; use list or show")


def cmd_eval(args: argparse.Namespace) -> int:
    if args.store:
        return _eval_store(args)
    if not args.file:
        raise InputError("eval: give a file of cases (e.g. `ncaudit eval cases.jsonl`), or --store")
    from engine.tools.evaluate import evaluate_file, format_eval  # per command: `check` starts without them

    engine = _engine(args)
    try:
        result = evaluate_file(Path(args.file), engine)
    except OSError as exc:
        raise InputError(f"{args.file}: cannot read file ({exc.strerror})") from None
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(format_eval(result))
    if args.min is not None and result["expectations"]["rate"] < args.min:
        return EXIT_ISSUES
    return EXIT_OK


def _open_store() -> Any:
    """The store the settings name, or one line saying why it cannot be used."""
    from sqlalchemy.exc import SQLAlchemyError

    from engine.store.repository import open_store  # per command: SQLAlchemy only for the store's commands

    settings = _settings()
    try:
        return open_store(settings)
    except (SQLAlchemyError, OSError, ValueError) as exc:
        where = "NCAUDIT_DATABASE_URL" if settings.database_url else "NCAUDIT_DATA_DIR"
        raise InputError(f"the store ({where}) cannot be used: {str(exc).splitlines()[0]}") from None


def _eval_store(args: argparse.Namespace) -> int:
    """`eval --store`: reviewers' decisions turned into each rule's precision in the field, per month."""
    import getpass

    from engine.store.trends import field_precision  # per command

    store = _open_store()
    who = store.principal_for(args.organisation or _settings().organisation, "admin", f"cli:{getpass.getuser()}")
    rows = field_precision(store, who)
    store.close()
    if args.json:
        print(json.dumps({"organisation": who.organisation, "rows": rows}, indent=2))
        return EXIT_OK
    if not rows:
        print(f"no stored issues for {who.organisation}: keep checks (check --store, the service) and decide on them")
        return EXIT_OK
    heads = ("issues", "accepted", "edited", "dismissed", "undecided")
    print(f"{'rule':8} {'month':8} " + " ".join(f"{h:>9}" for h in heads) + "  precision")
    for r in rows:
        p = "-" if r["precision"] is None else f"{r['precision']:.2f}"
        print(f"{r['rule']:8} {r['period']:8} " + " ".join(f"{r[h]:>9}" for h in heads) + f"  {p}")
    print("precision: accepted and edited flags over all decided ones (a dismissal is a false alarm)")
    return EXIT_OK


def cmd_desk(args: argparse.Namespace) -> int:
    """`desk add-key`: an API key of an organisation with a role, printed once."""
    from engine.store.repository import ROLES

    if args.role not in ROLES:
        raise InputError(f"desk add-key: --role is one of {', '.join(ROLES)}")
    store = _open_store()
    key = store.add_key(args.organisation or _settings().organisation, args.role, args.label or args.role)
    store.close()
    print(key)
    return EXIT_OK


def cmd_challenge(args: argparse.Namespace) -> int:
    import datetime as dt

    from engine.outputs.challenge import challenge_letter  # per command: `check` starts without it

    try:
        day = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        raise InputError(f"challenge: --date {args.date!r} is not YYYY-MM-DD") from None
    report, _ = read_report(args.report, args.standard, given_details(args))
    engine = _engine(args)
    _warn(engine)
    try:
        letter = challenge_letter(
            report,
            engine.check(report),
            args.finding,
            args.format,
            paper=args.paper,
            date=day,
            policy=engine.config.plan,
            scheme_name=engine.config.scheme.name,
            library=engine.library,
        )
    except ValueError as exc:
        raise InputError(f"{args.report}: {exc}") from None
    today = dt.date.today()
    if day is not None and day != today:
        print(
            f"ncaudit: warning: the letter is dated {day.isoformat()}, not today ({today.isoformat()}): its dates are "
            "worked out from that day; sent on another day, make it again with that day's --date",
            file=sys.stderr,
        )
    text = letter if isinstance(letter, str) else ""
    to_fill = text.count("[To complete:") if text else _docx_placeholders(letter)
    if to_fill:
        print(
            f"ncaudit: warning: {to_fill} line(s) marked [To complete: ...] to fill in before the letter is sent",
            file=sys.stderr,
        )
    if args.output:
        write_output(args.output, letter)
    elif isinstance(letter, bytes):
        if sys.stdout.isatty():
            raise InputError("challenge: a .docx letter is binary; give -o PATH")
        sys.stdout.buffer.write(letter)
    else:
        sys.stdout.write(letter)
    return EXIT_OK


def _docx_placeholders(data: str | bytes) -> int:
    """How many `[To complete: ...]` marks a .docx letter holds."""
    import io

    from docx import Document

    if not isinstance(data, bytes):
        return 0
    return sum(p.text.count("[To complete:") for p in Document(io.BytesIO(data)).paragraphs)


def cmd_plan(args: argparse.Namespace) -> int:
    from engine.core.normalise import with_input_warnings
    from engine.outputs.plan import build_plan  # per command: `check` starts without them
    from engine.outputs.plan_formats import render_plan

    report, _ = read_report(args.report, args.standard, given_details(args))
    engine = _engine(args)
    _warn(engine)
    result = with_input_warnings(report, engine.check(report))
    plan = build_plan(report, result, engine.config.plan, engine.config.scheme.name)
    for w in plan.warnings:
        print(f"ncaudit: warning: {args.report}: {w}", file=sys.stderr)
    fmt = args.format or _format_from_name(args.output) or "xlsx"
    out = render_plan(plan, fmt)
    if args.output:
        write_output(args.output, out, newline="")
    elif isinstance(out, bytes):
        if sys.stdout.isatty():
            raise InputError("plan: an .xlsx workbook is binary; give -o PATH (or --format csv|ics|json)")
        sys.stdout.buffer.write(out)
    else:
        sys.stdout.buffer.write(out.encode("utf-8"))
    return EXIT_OK


def _format_from_name(name: str | None) -> str | None:
    suffix = Path(name).suffix.lower().lstrip(".") if name else ""
    return suffix if suffix in ("xlsx", "csv", "ics", "json") else None


def default_workers() -> int:
    """One worker per core: each checks one report at a time (checking is CPU-bound), at most 4 by default."""
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 4))


def cmd_serve(args: argparse.Namespace) -> int:
    gc.enable()  # a long-running process: collect as usual (the app freezes its start-up objects itself)
    import uvicorn

    from engine.core.settings import raise_open_file_limit

    if args.standards:
        os.environ["NCAUDIT_STANDARDS_DIR"] = os.pathsep.join(args.standards)
    if args.config:
        os.environ["NCAUDIT_RULES_CONFIG"] = args.config
    if args.insecure_no_auth:
        os.environ["NCAUDIT_INSECURE_NO_AUTH"] = "1"
    settings = _settings()  # as the workers will read them (create_app), with the ones above
    host = args.host or settings.host
    os.environ["NCAUDIT_HOST"] = host  # the workers' Host check and start-up log follow the bind address
    settings = _settings()
    stored_keys = False
    if settings.store:
        store = _open_store()  # migrated once before the workers start; an unusable store is one clear line
        try:
            stored_keys = store.has_keys()  # keys made with `ncaudit desk add-key` live only in the store
        finally:
            store.close()
    if not settings.loopback() and not settings.keys() and not stored_keys and not settings.insecure_no_auth:
        raise InputError(
            f"serve: {host} can be reached from the network, and no API keys are set: anyone who reaches it could "
            "use the service. Set NCAUDIT_API_KEYS or add a key to the store (`ncaudit desk add-key`; clients send "
            "X-API-Key), bind to 127.0.0.1, or give --insecure-no-auth to serve without keys all the same"
        )
    raise_open_file_limit()
    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=host,
        port=args.port or settings.port,
        workers=args.workers or settings.workers or default_workers(),
        log_level="info",
        **settings.uvicorn_options(),
    )
    return EXIT_OK


# -- parser -----------------------------------------------------------------------------------------------


def _bounded(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is outside {low}-{high}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ncaudit", description="Check audit findings against ISO/IEC 17021-1:2015 9.4.5.")
    p.add_argument("--version", action="version", version=f"ncaudit {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser(
        "check", help="check report files (JSON, CSV, XLSX, PDF, Word .docx, IATF CARA .json/.xml; - for stdin)"
    )
    c.add_argument("files", nargs="+", metavar="FILE")
    c.add_argument("--format", choices=["text", "json", "html", "csv"])
    c.add_argument("--fail-on", choices=list(FAIL_ON), default="error")
    c.add_argument("--config", help="rules configuration file (YAML)")
    c.add_argument("--standards", action="append", metavar="DIR", help="extra standards folder")
    c.add_argument("--standard", help="audit criteria when the file names none (e.g. for spreadsheets)")
    c.add_argument("-o", "--output", help="write to this file instead of stdout")
    c.add_argument("--store", action="store_true", help="keep each check in the store (README: The store)")
    c.add_argument("--organisation", help="the organisation the stored reports belong to (with --store)")
    c.add_argument(
        "--show-read",
        action="store_true",
        help="print what was read from each file (details and findings, with page or sheet and row), not verdicts",
    )
    add_detail_flags(c)
    c.set_defaults(func=cmd_check)

    s = sub.add_parser("standards", help="list, show or import standards")
    s.add_argument("action", nargs="?", choices=["list", "show", "import"])
    s.add_argument("id", nargs="?", help="standard id (show) or STS file (import)")
    s.add_argument("clause", nargs="?")
    s.add_argument("--standards", action="append", metavar="DIR")
    s.add_argument("--json", action="store_true")
    s.add_argument("-o", "--output")
    s.set_defaults(func=cmd_standards)

    r = sub.add_parser("rules", help="list rules or show one rule's documentation")
    r.add_argument("action", nargs="?", choices=["list", "show"])
    r.add_argument("rule", nargs="?")
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=cmd_rules)

    fa = sub.add_parser("facts", help="the fact catalogue: every fact a rule can read, and what it reads")
    fa.add_argument("--json", action="store_true")
    fa.add_argument("--all", action="store_true", help="also list lexicon facts no rule reads")
    fa.set_defaults(func=cmd_facts)

    sc = sub.add_parser("schemes", help="list certification scheme rule packs or show one")
    sc.add_argument("action", nargs="?", choices=["list", "show"])
    sc.add_argument("name", nargs="?", help="pack id or scheme name (show)")
    sc.add_argument("--json", action="store_true")
    sc.set_defaults(func=cmd_schemes)

    e = sub.add_parser("eval", help="measure the engine on labelled cases (JSONL, YAML or a folder of them)")
    e.add_argument("file", nargs="?", help="a .jsonl or .yaml file of cases, or a folder of them")
    e.add_argument("--store", action="store_true", help="each rule's precision in the field from reviewers' decisions")
    e.add_argument("--organisation", help="with --store: whose decisions (default NCAUDIT_ORGANISATION)")
    e.add_argument("--min", type=float, help="exit 1 when the share of met expectations is below this (0-1)")
    e.add_argument("--json", action="store_true")
    e.add_argument("--config")
    e.add_argument("--standards", action="append", metavar="DIR")
    e.set_defaults(func=cmd_eval)

    pl = sub.add_parser("plan", help="the response plan: a decision and due dates for every finding")
    pl.add_argument("report", metavar="REPORT")
    pl.add_argument("--format", choices=["xlsx", "csv", "ics", "json"], help="default: from -o's suffix, else xlsx")
    pl.add_argument("-o", "--output")
    pl.add_argument("--standard")
    pl.add_argument("--config", help="configuration file (YAML); its `plan:` section sets the deadlines")
    pl.add_argument("--standards", action="append", metavar="DIR")
    add_detail_flags(pl)
    pl.set_defaults(func=cmd_plan)

    ch = sub.add_parser("challenge", help="the client's letter to the certification body: contests and acceptances")
    ch.add_argument("report", metavar="REPORT")
    ch.add_argument("--finding", help="only this finding")
    ch.add_argument("--format", choices=["md", "txt", "docx"], default="md", help="Markdown, plain text or .docx")
    ch.add_argument("--paper", choices=["a4", "letter"], default="a4", help=".docx page size (default A4)")
    ch.add_argument("--date", help="the letter's date, YYYY-MM-DD (default today)")
    ch.add_argument("-o", "--output")
    ch.add_argument("--standard")
    ch.add_argument("--config")
    ch.add_argument("--standards", action="append", metavar="DIR")
    add_detail_flags(ch)
    ch.set_defaults(func=cmd_challenge)

    dk = sub.add_parser("desk", help="the review desk's store: make an API key")
    dk.add_argument("action", choices=["add-key"])
    dk.add_argument("--organisation", help="default NCAUDIT_ORGANISATION")
    dk.add_argument("--role", required=True, help="auditor, reviewer, manager or admin")
    dk.add_argument("--label", help="who holds the key (shown in the access log)")
    dk.set_defaults(func=cmd_desk)

    v = sub.add_parser("serve", help="start the HTTP service")
    v.add_argument("--host")
    v.add_argument("--port", type=_bounded(1, 65535))
    v.add_argument("--workers", type=_bounded(1, 64), help="worker processes (default: one per CPU core, at most 4)")
    v.add_argument("--config")
    v.add_argument("--standards", action="append", metavar="DIR")
    v.add_argument(
        "--insecure-no-auth",
        action="store_true",
        help="serve on an address other than loopback without API keys (said in the log)",
    )
    v.set_defaults(func=cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    # Loading allocates only what lives as long as the run (modules, standards, rules): a garbage collection
    # then frees nothing and costs ~6 ms of start-up. Collection resumes once the engine is built (_engine).
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.unfreeze()  # leave a process that called main() (a test, an embedding) as it was
        gc.enable()


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "standards" and args.action == "show" and not args.id:
        return _die("standards show: give a standard id, e.g. `ncaudit standards show iso-9001-2015 7.1.5.2`")
    if args.command == "standards" and args.action == "import" and not args.id:
        return _die("standards import: give an STS file, e.g. `ncaudit standards import my-standard.xml`")
    if args.command == "schemes" and args.action == "show" and not args.name:
        return _die("schemes show: give a pack id or scheme name, e.g. `ncaudit schemes show fssc-22000`")
    if args.command == "rules" and args.action == "show" and not args.rule:
        return _die("rules show: give a rule id or name, e.g. `ncaudit rules show PP01`")
    try:
        code = int(args.func(args))
        sys.stdout.flush()  # a write error on standard output shows here, not at exit as a traceback
        return code
    except InputError as exc:
        return _die(str(exc))
    except MemoryError:
        return _die("out of memory: the input is too large to check; split it into smaller files")
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        if exc.filename:  # a file some command opened itself
            return _die(f"{exc.filename}: {exc.strerror or exc}")
        _stdout_to_null()  # writing standard output failed: a closed pipe, a full disk (/dev/full)
        if isinstance(exc, BrokenPipeError):
            return _die("cannot write the output: the reading end of the pipe was closed")
        return _die(f"cannot write the output ({exc.strerror or exc})")


def _stdout_to_null() -> None:
    """Point standard output at the null device, so that Python's own flush at exit meets no error again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
