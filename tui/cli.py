"""The `imnation` command line.

With no subcommand (or `open ID`) it starts the terminal app; every other subcommand is scriptable,
prints plain text or `--json`, exits 0 on success and 1 on a catalog problem or unknown id, and never
imports textual, so scripts start fast.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import io
import json
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tui import __version__
from tui.catalog import Catalog, CatalogError, Problem, load_catalog, resolve_catalog_path
from tui.catalog.edit import (
    PLACEHOLDER_SUMMARY,
    EditError,
    EditPlan,
    plan_cite,
    plan_new_entry,
    plan_replace_quote,
    write,
)
from tui.catalog.loader import CATALOG_ENV, display_name
from tui.catalog.model import PassageHealth, PassageState
from tui.catalog.schema import KIND_OF_SECTION, KINDS, SECTION_OF_KIND, CatalogFile
from tui.text import EscapingStream, counted, json_text, one_line, visible


class UsageError(Exception):
    """A problem with what the user asked for (unknown id, bad kind): one line, exit 1."""


def kind_argument(value: str) -> str:
    """Accept a kind as the search box does: singular or plural, any case, or a unique prefix."""
    from tui.search.query import kind_named

    kind = kind_named(value)
    if kind is None:
        raise argparse.ArgumentTypeError(f"unknown kind {value!r}; choose from {', '.join(KINDS)}")
    return kind


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


MAX_PORT = 65535


def port_number(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 1 <= number <= MAX_PORT:
        raise argparse.ArgumentTypeError(f"expected a port number from 1 to {MAX_PORT}, got {value!r}")
    return number


def catalog_path(args: argparse.Namespace) -> Path:
    """`--catalog` may come before or after the subcommand; absent, the usual resolution applies."""
    return resolve_catalog_path(getattr(args, "catalog", None))


def _load(args: argparse.Namespace) -> Catalog:
    return load_catalog(catalog_path(args))


def _print_json(data: Any) -> None:
    print(json_text(data))


def closest_ids(catalog: Catalog, wanted: str, limit: int = 3) -> list[str]:
    """Ids whose id or name is most like `wanted`, for 'did you mean' hints."""
    from rapidfuzz import fuzz, process

    choices = {entry_id: " ".join((entry_id, entry.name, *entry.aliases))
               for entry_id, entry in catalog.entries.items()}
    found = process.extract(wanted, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=50)
    return [key for _, _, key in found]


def require_entry(catalog: Catalog, entry_id: str) -> str:
    """The id as the catalog spells it (ids are lower case; `Bernardo` finds `bernardo`), or a
    UsageError suggesting the closest ids."""
    for candidate in (entry_id, entry_id.lower()):
        if candidate in catalog:
            return candidate
    renamed = [e.id for e in catalog.entries.values() if entry_id.casefold() in (a.casefold() for a in e.aliases)]
    hint = renamed + [i for i in closest_ids(catalog, entry_id) if i not in renamed]
    suggestion = f"; did you mean: {', '.join(hint)}?" if hint else ""
    raise UsageError(f"no entry with id {one_line(entry_id)!r}{suggestion}")


# -- subcommands ------------------------------------------------------------------------------------


def cmd_app(args: argparse.Namespace) -> int:
    path = catalog_path(args)
    if not path.is_file():  # a mistyped path, not a file to watch for
        raise UsageError(f"no catalog file at {one_line(str(path))}")
    open_id = getattr(args, "id", None) or args.open
    from tui.app import run_app  # textual is imported only when the app starts
    from tui.app.places import line_target, target_place

    if open_id:
        catalog = load_catalog(path)
        if line_target(open_id) is None:
            open_id = require_entry(catalog, open_id)
        elif isinstance(reason := target_place(catalog, open_id), str):
            raise UsageError(reason)
    return run_app(path, open_id=open_id)


def cmd_validate(args: argparse.Namespace) -> int:
    path = catalog_path(args)
    try:
        catalog = load_catalog(path)
    except CatalogError as error:
        if not args.json:
            raise
        _print_json(_validation(path, None, error.problems))
        return 1
    failed = any(p.severity == "error" for p in catalog.problems)
    if args.json:
        _print_json(_validation(path, catalog, catalog.problems))
        return 1 if failed else 0
    for problem in catalog.problems:
        print(one_line(str(problem)))
    states = catalog.state_counts()
    health = f"{sum(states.values())} passages: " + ", ".join(f"{n} {state}" for state, n in states.items())
    if failed:
        print(f"{one_line(str(path))}: {health}")
        return 1
    counts = catalog.counts()
    parts = ", ".join(f"{n} {SECTION_OF_KIND[kind] if n != 1 else kind}" for kind, n in counts.items())
    print(f"{one_line(str(path))}: ok: {len(catalog)} entries ({parts}); {health}")
    return 0


def _validation(path: Path, catalog: Catalog | None, problems: Sequence[Problem]) -> dict[str, Any]:
    """`validate --json`: whether the catalog is usable as is, its counts, and every problem."""
    return {
        "catalog": str(path),
        "ok": catalog is not None and not any(p.severity == "error" for p in problems),
        "counts": catalog.counts() if catalog else None,
        "passages_anchored": sum(1 for _ in catalog.iter_anchors()) if catalog else 0,
        "passages": {str(state): n for state, n in catalog.state_counts().items()} if catalog else None,
        "unanchored": [_health_json(catalog, h) for h in catalog.health.values()] if catalog else [],
        "problems": [dataclasses.asdict(problem) for problem in problems],
    }


def _health_json(catalog: Catalog, health: PassageHealth) -> dict[str, Any]:
    """A passage that is not exact, as `validate --json` and `repair --json` list it."""
    reason = catalog.drift_reasons.get((health.entry_id, health.index))
    record: dict[str, Any] = {
        "entry": health.entry_id,
        "passage": health.index + 1,
        "state": str(health.state),
        "source": health.source_id,
        "quote": health.quote,
        "file": reason.file if reason else None,
        "line": reason.line if reason else None,
        "col": reason.col if reason else None,
    }
    if health.state == PassageState.DRIFTED:
        record |= {"closest": health.closest, "closest_line": health.closest_line or None,
                   "similarity": round(health.similarity, 1)}
    else:
        record["lines"] = list(health.lines)
    return record


def cmd_list(args: argparse.Namespace) -> int:
    catalog = _load(args)
    kinds = [args.kind] if args.kind else list(KINDS)
    rows = [
        {"id": entry.id, "kind": kind, "name": entry.name}
        for kind in kinds
        for entry in catalog.of_kind(kind)
    ]
    if args.json:
        _print_json(rows)
    else:
        width = max((len(r["id"]) for r in rows), default=0)
        for row in rows:
            print(f"{row['id']:<{width}}  {row['kind']:<12}  {one_line(row['name'])}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from tui.export import entry_record

    catalog = _load(args)
    record = entry_record(catalog, require_entry(catalog, args.id))
    if args.json:
        _print_json(record)
        return 0
    print(f"{one_line(record['name'])}  ({record['kind']}, {record['id']})")
    if record.get("main"):
        print("main subject")
    if record.get("role"):
        print(f"role: {one_line(record['role'])}")
    if record["aliases"]:
        print("also: " + ", ".join(one_line(a) for a in record["aliases"]))
    print()
    print(visible(record["summary"]))
    if "question" in record:
        print(f"\nquestion: {one_line(record['question'])}")
    relations: dict[str, list[str]] = {}  # (the record lists links grouped, in relation order)
    for link in record["links"]:
        hedge = "" if link["certainty"] == "stated" else f" [{link['certainty']}: {one_line(link.get('note', ''))}]"
        relations.setdefault(link["relation"], []).append(f"{one_line(link['name'])} ({link['id']}){hedge}")
    for relation, names in relations.items():
        print(f"\n{relation}: " + "; ".join(names))
    in_claims = set()
    for number, claim in enumerate(record.get("claims", ()), start=1):
        rank = "" if claim["rank"] == "normal" else f" ({claim['rank']})"
        print(f"\nclaim {number}{rank}: {one_line(claim['claim'])}")
        for passage in claim["passages"]:
            _print_passage(passage, "    ")
            in_claims.add((passage["source"], passage["start"], passage["end"]))
    for passage in record["passages"]:
        if (passage["source"], passage["start"], passage["end"]) not in in_claims:
            _print_passage(passage, "  ")
    for drifted in record["drifted"]:
        print(f"\n  {one_line(drifted['file'])}: drifted, not found in the source")
        print(f"  > {one_line(drifted['quote'])}")
        if drifted.get("note"):
            print(f"  note: {one_line(drifted['note'])}")
        print(f"  ({one_line(drifted['problem'])})")
    return 0


def _print_passage(passage: dict[str, Any], indent: str) -> None:
    print(f"\n{indent}{one_line(passage['file'])}:{passage['line']}")
    print(f"{indent}> {one_line(passage['text'])}")
    if passage.get("note"):
        print(f"{indent}note: {one_line(passage['note'])}")


def cmd_search(args: argparse.Namespace) -> int:
    from tui.search import SearchIndex
    from tui.search.index import MAX_COUNTED
    from tui.search.query import parse

    unknown = parse(args.query).unknown_kinds
    if unknown:
        raise UsageError(f"unknown kind {unknown[0]!r} in the query; choose from {', '.join(KINDS)}")
    catalog = _load(args)
    index = SearchIndex(catalog)
    hits = index.search(args.query, kind=args.kind, limit=args.limit)
    total = index.count(args.query, kind=args.kind) if len(hits) == args.limit else len(hits)
    if args.json:
        _print_json(
            [
                {
                    "id": hit.id,
                    "kind": hit.kind,
                    "name": hit.name,
                    "score": round(hit.score, 2),
                    "field": hit.field,
                    "snippet": hit.snippet,
                }
                for hit in hits
            ]
        )
    else:
        for hit in hits:
            line = f"{hit.score:5.1f}  {hit.kind:<12}  {hit.id}  {one_line(hit.name)}  [{hit.field}]"
            if hit.snippet:
                line += f"  {one_line(hit.snippet)}"
            print(line)
    if not hits:
        print(f"no match for {one_line(args.query)!r}", file=sys.stderr)
        return 1
    if total > len(hits):
        print(f"{len(hits)} of {counted(total, 'result', MAX_COUNTED)}; --limit N shows more", file=sys.stderr)
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    from tui.catalog.timeline import timeline, timeline_record

    catalog = _load(args)
    events = timeline(catalog)
    if args.json:
        _print_json([timeline_record(catalog, item) for item in events])
        return 0
    if not events:
        print("The catalog has no dated events.", file=sys.stderr)
        return 0
    width = max(len(item.event.date) for item in events)
    for item in events:
        event = item.event
        hedge = ""
        if event.date_certainty != "stated":
            hedge = f" ({event.date_certainty}: {one_line(event.date_note or '')})"
        print(f"{event.date:<{width}}  {one_line(event.name)}  ({event.id})")
        print(f"{'':<{width}}  stated: {one_line(event.stated)!r}, precision: {event.precision}{hedge}")
        if item.disputed_by:
            print(f"{'':<{width}}  disputed: see {', '.join(item.disputed_by)}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    print(schema_text(), end="")
    return 0


def schema_text() -> str:
    """The JSON Schema of catalog.yaml, as committed in catalog.schema.json."""
    return json.dumps(CatalogFile.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def cmd_coverage(args: argparse.Namespace) -> int:
    from tui.catalog.coverage import compute_coverage, format_coverage

    coverage = compute_coverage(_load(args))
    if args.json:
        _print_json(coverage.to_json())
    else:
        print(format_coverage(coverage))
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from tui.catalog.suggest import suggest_passages, suggestions

    catalog = _load(args)
    entry_id = require_entry(catalog, args.id)
    if args.json:
        _print_json([suggestion.to_json() for suggestion in suggestions(catalog, entry_id)])
    else:
        print(suggest_passages(catalog, entry_id), end="")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from tui.export import BINARY_FORMATS, export, export_bytes

    binary = args.format in BINARY_FORMATS
    if binary and args.output is None and sys.stdout.isatty():
        raise UsageError(f"{args.format} is a binary format (a zip): give --output FILE.{args.format}, or redirect")
    catalog = _load(args)
    ids = [require_entry(catalog, entry_id) for entry_id in args.ids] or None
    if args.output is None and not binary:
        sys.stdout.write(export(catalog, ids, args.format))  # in the terminal's encoding, like every command
        return 0
    data = export_bytes(catalog, ids, args.format)
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        return 0
    try:
        Path(args.output).write_bytes(data)
    except OSError as error:
        raise UsageError(f"cannot write {one_line(args.output)}: {error.strerror or error}") from error
    print(f"wrote {one_line(args.output)} ({len(data)} bytes)", file=sys.stderr)
    return 0


def cmd_citation(args: argparse.Namespace) -> int:
    from tui.catalog.citation import format_citation, format_reference, passage_citations

    catalog = _load(args)
    entry_id = require_entry(catalog, args.id)
    citations = passage_citations(catalog, entry_id)
    if args.passage is not None:
        if args.passage > len(citations):
            raise UsageError(f"{entry_id} has {len(citations)} anchored passages; --passage {args.passage} is not one")
        citations = [citations[args.passage - 1]]
    if citations:
        print("\n".join(format_citation(c, args.format) for c in citations), end="")
        return 0
    if entry_id in catalog.sources:  # a source no passage of its own cites: the reference alone
        print(format_reference(catalog.sources[entry_id], args.format), end="")
        return 0
    raise UsageError(f"{entry_id} has no anchored passage to cite")


def cmd_serve(args: argparse.Namespace) -> int:
    from tui.serve import ServeError, serve

    path = catalog_path(args)
    if not path.is_file():
        raise UsageError(f"no catalog file at {one_line(str(path))}")
    try:
        serve(path, args.host, args.port, public=args.public, url=args.url)
    except ServeError as error:
        print(f"imnation serve: {error}", file=sys.stderr)
        return error.exit_code
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """Copy the catalog, its schema and its sources into DIR, an editable copy; never overwrite."""
    source = catalog_path(args)
    catalog = load_catalog(source)
    folder = Path(args.dir)
    copies: dict[str, Path | None] = {"catalog.yaml": source}  # None: written from the schema itself
    schema = source.parent / "catalog.schema.json"
    copies["catalog.schema.json"] = schema if schema.is_file() else None
    copies.update({entry.file: catalog.source_path(entry.id) for entry in catalog.sources.values()})
    there = [name for name in copies if (folder / name).exists()]
    if there:
        raise UsageError(f"{args.dir} already has {', '.join(there)}; nothing copied (init never overwrites)")
    for name, origin in copies.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if origin is None:
            target.write_text(schema_text(), encoding="utf-8")
        else:
            shutil.copyfile(origin, target)
    sources = len(copies) - 2
    shown = one_line(args.dir)
    print(f"copied catalog.yaml, catalog.schema.json and {sources} source{'s' * (sources != 1)} into {shown}")
    print(f"edit {one_line(str(folder / 'catalog.yaml'))}, and browse it with: imnation --catalog {shown}/catalog.yaml")
    return 0


# -- curating: span edits of catalog.yaml (tui.catalog.edit) ---------------------------------------


def _curated_entry(catalog: Catalog, entry_id: str) -> str:
    """The entry's id, or an EditError (`catalog.yaml:1:1: unknown entry ...`, with ids like it)."""
    try:
        return require_entry(catalog, entry_id)
    except UsageError as error:
        message = str(error).replace("no entry with id", "unknown entry")
        raise EditError(Problem(display_name(catalog.path), 1, 1, message)) from None


def _wrote(plan: EditPlan, as_json: bool) -> int:
    """Write a plan, then say what was inserted and where."""
    written = write(plan)
    if as_json:
        _print_json({"file": display_name(plan.path), "line": plan.line, "inserted": plan.inserted,
                     "description": plan.description, "sha256": written.after_sha256})
    else:
        print(f"wrote {one_line(plan.description)}")
        print(visible(plan.inserted))
    return 0


def cmd_cite(args: argparse.Namespace) -> int:
    catalog = _load(args)
    entry_id = _curated_entry(catalog, args.entry)
    at = None
    if args.line is not None and args.source in catalog.texts:
        found = [f for f in catalog.texts[args.source].occurrences(args.quote) if f.line == args.line]
        if not found:
            raise EditError(Problem(display_name(catalog.source_path(args.source)), args.line, 1,
                                    f"the quote does not begin on line {args.line}"))
        at = found[0].start
    return _wrote(plan_cite(catalog, entry_id, args.source, args.quote, note=args.note, at=at), args.json)


def cmd_new(args: argparse.Namespace) -> int:
    catalog = _load(args)
    kind = KIND_OF_SECTION.get(args.kind, args.kind)
    return _wrote(plan_new_entry(catalog, kind, args.id, name=args.name, summary=args.summary), args.json)


def word_diff(old: str, new: str) -> str:
    """`new` against `old` word by word, as `git diff --word-diff=plain` writes it: removed words
    in `[-...-]`, added ones in `{+...+}`."""
    before, after = old.split(), new.split()
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal":
            parts += before[i1:i2]
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(before[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(after[j1:j2]) + "+}")
    return " ".join(parts)


def cmd_repair(args: argparse.Namespace) -> int:
    catalog = _load(args)
    entry_id = _curated_entry(catalog, args.id)
    count = len(catalog.anchors[entry_id])
    if args.passage is not None and args.passage > count:
        raise UsageError(f"{entry_id} has {count} passages; --passage {args.passage} is not one")
    wanted = range(count) if args.passage is None else [args.passage - 1]
    unhealthy = [catalog.health[entry_id, i] for i in wanted if (entry_id, i) in catalog.health]
    if args.accept:
        drifted = [h for h in unhealthy if h.state == PassageState.DRIFTED]
        if len(drifted) != 1:
            which = f"{len(drifted)} drifted passages: choose one with --passage N" if drifted else "no drifted passage"
            raise UsageError(f"{entry_id} has {which}")
        health = drifted[0]
        if health.closest is None:
            raise UsageError(f"passage {health.index + 1} of {entry_id} has no close match to accept; edit it by hand")
        plan = plan_replace_quote(catalog, entry_id, health.index, health.closest, at=health.closest_start)
        return _wrote(plan, args.json)
    if args.json:
        _print_json([_health_json(catalog, h) | ({"diff": word_diff(h.quote, h.closest)} if h.closest else {})
                     for h in unhealthy])
        return 0
    if not unhealthy:
        print(f"{entry_id}: {'passage ' + str(args.passage) if args.passage else 'every passage'} is exact")
        return 0
    for health in unhealthy:
        reason = catalog.drift_reasons.get((entry_id, health.index))
        where = f"{reason.file}:{reason.line}:{reason.col}" if reason else display_name(catalog.path)
        source = catalog.sources[health.source_id].file
        print(f"{one_line(where)}: passage {health.index + 1} of {entry_id} ({health.source_id}) is {health.state}")
        print(f"  quote:   {one_line(health.quote)}")
        if health.state == PassageState.AMBIGUOUS:
            lines = ", ".join(str(n) for n in sorted(set(health.lines)))
            print(f"  found at {one_line(source)} lines {lines}: add a prefix or suffix to choose one")
        elif health.closest is None:
            print("  nothing close in the source")
        else:
            print(f"  closest: {one_line(health.closest)}  ({one_line(source)}:{health.closest_line}, "
                  f"{health.similarity:.0f}% similar)")
            print(f"  diff:    {one_line(word_diff(health.quote, health.closest))}")
            print(f"  accept it with: imnation repair {entry_id} --passage {health.index + 1} --accept")
    return 0


# -- parser -----------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--catalog",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="catalog file (default: $IMNATION_CATALOG, ./catalog.yaml, then the packaged copy)",
    )
    parser = argparse.ArgumentParser(
        prog="imnation",
        description="Browse a source-linked catalog of Immigration Nation (2020). "
        "With no command, starts the terminal app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"imnation {__version__}")
    parser.add_argument(
        "--open", metavar="ID", help="start the app on this entry, or SOURCE_ID:LINE: the reader at that line"
    )
    parser.set_defaults(handler=cmd_app)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=text, description=text)
        sub.set_defaults(handler=handler)
        return sub

    sub = command("open", cmd_app, "start the app on one entry, or the reader at a line of a source")
    sub.add_argument("id", metavar="ID|SOURCE_ID:LINE")
    sub = command("validate", cmd_validate, "check the catalog: file:line:col per problem, exit 1 if any")
    sub.add_argument(
        "--json", action="store_true", help='JSON: {"catalog","ok","counts","passages_anchored","problems"}'
    )
    sub = command("list", cmd_list, "list entries")
    sub.add_argument("--kind", type=kind_argument, help=f"only one kind: {', '.join(KINDS)}")
    sub.add_argument("--json", action="store_true", help='JSON: [{"id","kind","name"}]')
    sub = command("show", cmd_show, "show one entry with its links and passages")
    sub.add_argument("id", metavar="ID")
    sub.add_argument("--json", action="store_true", help="JSON record of the entry")
    sub = command("search", cmd_search, "fuzzy search (same engine as the app)")
    sub.add_argument("query", metavar="QUERY")
    sub.add_argument("--kind", type=kind_argument, help="only one kind (any case, singular or plural)")
    sub.add_argument("--limit", type=positive_int, default=10,
                     help="at most N hits (default 10); stderr tells the total when there are more")
    sub.add_argument("--json", action="store_true", help="JSON list of hits")
    command("schema", cmd_schema, "print the JSON Schema of catalog.yaml")
    sub = command("timeline", cmd_timeline, "dated events in order, as the sources state them")
    sub.add_argument("--json", action="store_true", help='JSON: [{"id","name","date","stated","precision",...}]')
    sub = command("coverage", cmd_coverage, "what the sources say that the catalog does not cite yet")
    sub.add_argument("--json", action="store_true", help="JSON report")
    sub = command("suggest", cmd_suggest, "ready-to-paste passages for an entry from unlinked mentions")
    sub.add_argument("id", metavar="ID")
    sub.add_argument("--json", action="store_true",
                     help='JSON: [{"source_id","line","start","end","quote","prefix"/"suffix","unique","context"}]')
    sub = command("init", cmd_init, "copy the catalog, its schema and its sources into DIR to edit them there")
    sub.add_argument("dir", metavar="DIR")
    sub = command("export", cmd_export, "export entries: Markdown, CSV, JSON, W3C annotations or a REFI-QDA project")
    sub.add_argument("ids", metavar="ID", nargs="*", help="entries to export (default: all)")
    sub.add_argument("--format", choices=("markdown", "csv", "json", "w3c", "qdpx"), default="markdown")
    sub.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    sub = command("citation", cmd_citation, "print an entry's passages with their citations")
    sub.add_argument("id", metavar="ID")
    sub.add_argument("--passage", type=positive_int, metavar="N", help="only the N-th passage (as `show` lists them)")
    sub.add_argument("--format", choices=("plain", "markdown", "csl"), default="plain")
    sub = command(
        "serve", cmd_serve, "serve the app to a web browser (needs the web extra: pip install 'imnation[web]')"
    )
    sub.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    sub.add_argument("--port", type=port_number, default=8000, help="port to listen on (default 8000)")
    sub.add_argument(
        "--public", action="store_true", help="allow a host other machines can reach (there is no authentication)"
    )
    sub.add_argument("--url", help="the address browsers use to reach the server, if not http://HOST:PORT")
    sub = command("cite", cmd_cite, "add a passage to an entry, the quote as the source writes it (a span edit)")
    sub.add_argument("entry", metavar="ENTRY_ID")
    sub.add_argument("source", metavar="SOURCE_ID")
    sub.add_argument("quote", metavar="QUOTE")
    sub.add_argument("--note", metavar="TEXT", help="the passage's note")
    sub.add_argument("--line", type=positive_int, metavar="N", help="the occurrence beginning on line N of the source")
    sub.add_argument("--json", action="store_true", help='JSON: {"file","line","inserted","description","sha256"}')
    sub = command("new", cmd_new, "add an entry at the end of its section (a span edit)")
    sub.add_argument("kind", metavar="KIND", help=f"one of {', '.join(KINDS)}")
    sub.add_argument("id", metavar="ID", help="kebab-case id, unique in the catalog")
    sub.add_argument("--name", required=True, help="display name")
    sub.add_argument("--summary", metavar="TEXT", help=f"summary (default: {PLACEHOLDER_SUMMARY!r})")
    sub.add_argument("--json", action="store_true", help='JSON: {"file","line","inserted","description","sha256"}')
    sub = command("repair", cmd_repair, "show an entry's drifted or ambiguous passages; --accept the closest match")
    sub.add_argument("id", metavar="ID")
    sub.add_argument("--passage", type=positive_int, metavar="N", help="only the N-th passage of the entry")
    sub.add_argument("--accept", action="store_true", help="write the closest match as the new quote")
    sub.add_argument("--json", action="store_true", help="JSON list of the passages, with closest match and diff")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a terminal or pipe that cannot encode "’" still gets text
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    shown = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = EscapingStream(sys.stdout), EscapingStream(sys.stderr)
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = shown


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # An empty path must not quietly mean another catalog (./catalog.yaml or the packaged copy).
    if getattr(args, "catalog", None) == "":
        parser.error("--catalog is empty; give the path of a catalog file")
    if "catalog" not in args and os.environ.get(CATALOG_ENV) == "":
        parser.error(f"${CATALOG_ENV} is set but empty; unset it or give the path of a catalog file")
    handler: Callable[[argparse.Namespace], int] = args.handler
    if handler in (cmd_app, cmd_serve):  # the terminal is the app's (escaped by tui/app/literal.py)
        sys.stdout, sys.stderr = getattr(sys.stdout, "stream", sys.stdout), getattr(sys.stderr, "stream", sys.stderr)
    try:
        return handler(args)
    except EditError as exc:
        print(one_line(str(exc.problem)), file=sys.stderr)
        return 1
    except CatalogError as exc:
        for problem in exc.problems:
            print(one_line(str(problem)), file=sys.stderr if args.handler is not cmd_validate else sys.stdout)
        return 1
    except UsageError as exc:
        print(f"imnation: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        sys.stderr.close()  # e.g. `imnation list | head`: the reader left; nothing to report
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
