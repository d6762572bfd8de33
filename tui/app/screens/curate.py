"""The dialogs of curating: pick the entry to cite to (or a new one), preview exactly what will be
written and where, type an alias or a note, confirm an undo. Each is a modal that `escape` closes
with None (nothing written); the App chains them (`ImnationApp.curate`) and writes only after the
preview's `enter`.

They show plans, never compute them: a plan comes from `tui.catalog.edit` through callables the
App passes in, run in a thread so that typing never waits for a validation.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from tui.app.curation import refusal, where
from tui.app.literal import badge, literal, literal_line
from tui.app.screens.search import hit_prompt
from tui.app.widgets.nav_list import NavList
from tui.catalog import Catalog
from tui.catalog.edit import EditError, EditPlan, derive_id
from tui.catalog.model import PassageHealth
from tui.catalog.schema import KINDS
from tui.search import Hit, SearchIndex

PICK_LIMIT = 30

_DIALOG_CSS = """
    align: center middle;
    background: $background 60%;
    .dialog {
        width: 90%; max-width: 110; height: auto; max-height: 90%;
        border: round $accent; border-title-color: $text-accent; background: $surface;
        padding: 0 1;
    }
    .dialog Input { border: none; height: 1; padding: 0 1; margin: 1 0 0 0; background: $boost; }
    .dialog .hint { color: $text-muted; height: auto; }
    .dialog .error { color: $text-error; height: auto; }
    .dialog .inserted { height: auto; max-height: 20; background: $boost; padding: 0 1; margin: 1 0 0 0; }
"""


@dataclass(frozen=True, slots=True)
class Pick:
    """What the picker chose: an entry to cite to, a new entry (`entry_id` None), or a passage
    to replace (`passage_index`)."""

    entry_id: str | None
    passage_index: int | None = None


class PickOption(Option):
    def __init__(self, prompt: Content, pick: Pick) -> None:
        super().__init__(prompt)
        self.pick = pick


class EntryPickerScreen(ModalScreen[Pick | None]):
    """`c` in the reader: the entry to cite the selection to, found with the same index as `/`.
    With nothing typed it lists the entries that already cite this source."""

    HELP_TITLE = "Cite to…"
    DEFAULT_CSS = "EntryPickerScreen {" + _DIALOG_CSS + "}"
    BINDINGS = [
        Binding("escape", "close", "Cancel", id="pick.close"),
        Binding("down", "move(1)", "Next entry", show=False, id="pick.down"),
        Binding("up", "move(-1)", "Previous entry", show=False, id="pick.up"),
        Binding("enter", "choose", "Choose", id="pick.choose"),
    ]

    def __init__(
        self,
        catalog: Catalog,
        index: Callable[[], SearchIndex],
        source_id: str,
        quote: str,
        replacing: tuple[tuple[str, int], ...] = (),
    ) -> None:
        """`index`: the app's search index (waits for its first build: called in a thread);
        `replacing`: the passages (entry id, index) the selection may replace instead."""
        super().__init__()
        self.catalog = catalog
        self.index = index
        self.source_id = source_id
        self.quote = quote
        self.replacing = replacing
        self.shown_query: str | None = None  # the query the rows listed belong to
        self.choose_when_shown = False  # enter was pressed before the rows of what is typed arrived

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "Cite to…"
            yield Static(literal_line(self.quote, "italic"), classes="hint")
            yield Input(placeholder="an entry's name, alias or id…", id="pick-input")
            yield NavList(id="pick-results")
            yield Static(Content.styled("↑↓ choose · enter cite · esc cancel", "dim"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.run_search("")

    @on(Input.Changed, "#pick-input")
    def _changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="pick")
    def run_search(self, query: str) -> None:
        hits = self.index().search(query, limit=PICK_LIMIT * 2) if query.strip() else []
        self.app.call_from_thread(self._show, query, hits)

    def _first_rows(self) -> list[PickOption]:
        rows = [
            PickOption(
                Content.assemble(
                    ("↻ Replace the passage of ", "bold $text-warning"),
                    literal_line(self.catalog.entries[entry_id].name, "bold"),
                ),
                Pick(entry_id, index),
            )
            for entry_id, index in self.replacing
            if entry_id in self.catalog.entries
        ]
        rows.append(PickOption(Content.styled("+ New entry…", "bold $text-accent"), Pick(None)))
        return rows

    def _show(self, query: str, hits: list[Hit]) -> None:
        if query != self.query_one(Input).value:
            return  # stale
        rows = self._first_rows()
        if query.strip():
            entries = [h for h in hits if h.field != "text" and h.kind != "source"][:PICK_LIMIT]
            rows += [PickOption(hit_prompt(hit), Pick(hit.id)) for hit in entries]
        else:
            citing = dict.fromkeys(a.entry_id for a in self.catalog.anchors_in(self.source_id))
            rows += [
                PickOption(
                    Content.assemble(badge(self.catalog.kind(i)), literal_line(self.catalog.entries[i].name)),
                    Pick(i),
                )
                for i in list(citing)[:PICK_LIMIT]
            ]
        results = self.query_one(NavList)
        results.set_options(rows)
        first_entry = len(self._first_rows())
        results.highlighted = first_entry if query.strip() and len(rows) > first_entry else 0
        self.shown_query = query
        if self.choose_when_shown:
            self.choose_when_shown = False
            self.action_choose()

    def action_move(self, step: int) -> None:
        results = self.query_one(NavList)
        if results.option_count:
            results.highlighted = max(0, min(results.option_count - 1, (results.highlighted or 0) + step))

    def action_choose(self) -> None:
        """Choose the highlighted row; if the rows of what is typed are still coming, on arrival."""
        if self.shown_query != self.query_one(Input).value:
            self.choose_when_shown = True
            return
        results = self.query_one(NavList)
        option = results.highlighted_option
        if isinstance(option, PickOption):
            self.dismiss(option.pick)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_choose()

    def on_option_list_option_selected(self, event: NavList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option, PickOption):
            self.dismiss(event.option.pick)

    def action_close(self) -> None:
        self.dismiss(None)


# The kinds a new entry can be: those whose entries need nothing but a name and a summary.
NEW_ENTRY_KINDS = [kind for kind in KINDS if kind not in ("source", "episode", "event", "discrepancy")]


class NewEntryScreen(ModalScreen[tuple[str, EditPlan] | None]):
    """A new entry: its kind, its name (the id derived from it, shown as it is typed) and an
    optional summary. `enter` plans it (refusals shown here); it closes with the id and the plan."""

    HELP_TITLE = "New entry"
    DEFAULT_CSS = "NewEntryScreen {" + _DIALOG_CSS + " #new-kinds { height: auto; max-height: 8; } }"
    BINDINGS = [
        Binding("escape", "close", "Cancel", id="new_entry.close"),
        Binding("enter", "create", "Create", id="new_entry.create"),
    ]

    def __init__(self, plan: Callable[[str, str, str, str | None], EditPlan]) -> None:
        """`plan(kind, id, name, summary)`: the engine's plan for the new entry."""
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "New entry"
            yield NavList(id="new-kinds")
            yield Input(placeholder="name", id="new-name")
            yield Static(id="new-id", classes="hint")
            yield Input(placeholder="summary (optional)", id="new-summary")
            yield Static(id="new-error", classes="error")
            yield Static(Content.styled("tab next field · enter create · esc cancel", "dim"), classes="hint")

    def on_mount(self) -> None:
        kinds = self.query_one("#new-kinds", NavList)
        kinds.set_options(Option(badge(kind, 0), id=kind) for kind in NEW_ENTRY_KINDS)
        kinds.highlighted = NEW_ENTRY_KINDS.index("subject")
        self.query_one("#new-name", Input).focus()
        self._show_id("")

    @property
    def kind(self) -> str:
        option = self.query_one("#new-kinds", NavList).highlighted_option
        return option.id if option is not None and option.id else "subject"

    @on(Input.Changed, "#new-name")
    def _name_changed(self, event: Input.Changed) -> None:
        self._show_id(event.value)

    def _show_id(self, name: str) -> None:
        derived = derive_id(name)
        shown = Content.assemble(("id: ", "dim"), literal(derived, "bold") if derived else ("(type a name)", "dim"))
        self.query_one("#new-id", Static).update(shown)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_create()

    def on_option_list_option_selected(self, event: NavList.OptionSelected) -> None:
        event.stop()
        self.query_one("#new-name", Input).focus()

    def action_create(self) -> None:
        name = self.query_one("#new-name", Input).value
        summary = self.query_one("#new-summary", Input).value.strip() or None
        entry_id = derive_id(name)
        try:
            plan = self.plan(self.kind, entry_id, name, summary)
        except EditError as error:
            self.query_one("#new-error", Static).update(literal(refusal(error)))
            return
        self.dismiss((entry_id, plan))

    def action_close(self) -> None:
        self.dismiss(None)


class PreviewScreen(ModalScreen[EditPlan | None]):
    """Exactly the lines a plan inserts and where (`catalog.yaml:LINE`); `enter` closes with the plan
    (the App writes it), `escape` with None. With `with_note`, a note can be typed: the plan is made
    again with it (`replan(note)`) and the preview follows."""

    HELP_TITLE = "Preview of an edit"
    DEFAULT_CSS = "PreviewScreen {" + _DIALOG_CSS + "}"
    BINDINGS = [
        Binding("escape", "close", "Cancel", id="preview.close"),
        Binding("enter", "confirm", "Write", id="preview.confirm"),
    ]

    def __init__(
        self, title: str, plan: EditPlan, replan: Callable[[str | None], EditPlan] | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.plan: EditPlan | None = plan
        self.replan = replan
        self.planned_note: str | None = None  # the note `plan` was made with

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = literal_line(self.title_text)  # names in it are the catalog's: never markup
            yield Static(id="preview-where", classes="hint")
            with VerticalScroll(classes="inserted"):
                yield Static(id="preview-inserted")
            if self.replan is not None:
                yield Input(placeholder="note (optional)", id="preview-note")
            yield Static(id="preview-error", classes="error")
            yield Static(Content.styled("enter write · esc cancel (nothing is written)", "dim"), classes="hint")

    def on_mount(self) -> None:
        self._show(self.plan)
        if self.replan is not None:
            self.query_one("#preview-note", Input).focus()

    def _show(self, plan: EditPlan | None, error: str = "") -> None:
        if plan is not None:
            self.query_one("#preview-where", Static).update(
                Content.assemble(
                    ("Writes at ", "dim"), (where(plan), "bold"), ("  ", ""), literal_line(plan.description, "dim")
                )
            )
            self.query_one("#preview-inserted", Static).update(literal(plan.inserted))
        self.query_one("#preview-error", Static).update(literal(error))

    @property
    def note(self) -> str | None:
        if self.replan is None:
            return None
        return self.query_one("#preview-note", Input).value.strip() or None

    @on(Input.Changed, "#preview-note")
    def _note_changed(self, event: Input.Changed) -> None:
        if self.note != self.planned_note:  # (not the Changed an empty box posts when it mounts)
            self.plan_again(self.note)

    @work(thread=True, exclusive=True, group="preview")
    def plan_again(self, note: str | None) -> None:
        assert self.replan is not None
        try:
            plan, error = self.replan(note), ""
        except EditError as refused:
            plan, error = None, refusal(refused)
        self.app.call_from_thread(self._planned, note, plan, error)

    def _planned(self, note: str | None, plan: EditPlan | None, error: str) -> None:
        if note != self.note:
            return  # stale: typed on
        self.plan, self.planned_note = plan, note
        self._show(plan, error)

    def action_confirm(self) -> None:
        """Write what is shown; if the note was typed on since, plan with it first (then the plan
        written is still exactly what the preview shows: it is shown before `dismiss`)."""
        if self.replan is not None and self.note != self.planned_note:
            try:
                self.plan, self.planned_note = self.replan(self.note), self.note
            except EditError as refused:
                self.plan = None
                self._show(None, refusal(refused))
                return
        if self.plan is not None:
            self.dismiss(self.plan)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def action_close(self) -> None:
        self.dismiss(None)


class TextInputScreen(ModalScreen[str | None]):
    """One line of text (an alias, a note): `enter` closes with it, `escape` with None."""

    HELP_TITLE = "Text input"
    DEFAULT_CSS = "TextInputScreen {" + _DIALOG_CSS + "}"
    BINDINGS = [Binding("escape", "close", "Cancel", id="text_input.close")]

    def __init__(self, title: str, about: Content, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.about = about
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = literal_line(self.title_text)  # names in it are the catalog's: never markup
            yield Static(self.about, classes="hint")
            yield Input(self.value, placeholder=self.placeholder, id="text-input")
            yield Static(Content.styled("enter next · esc cancel", "dim"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_close(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question about a write (an undo): `enter` yes, `escape` no."""

    HELP_TITLE = "Confirm"
    DEFAULT_CSS = "ConfirmScreen {" + _DIALOG_CSS + "}"
    BINDINGS = [
        Binding("escape", "answer(False)", "Cancel", id="confirm.no"),
        Binding("enter", "answer(True)", "Confirm", id="confirm.yes"),
    ]

    def __init__(self, title: str, body: Content) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = literal_line(self.title_text)  # names in it are the catalog's: never markup
            with VerticalScroll(classes="inserted"):
                yield Static(self.body)
            yield Static(Content.styled("enter confirm · esc cancel", "dim"), classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def word_diff(old: str, new: str) -> tuple[Content, Content]:
    """The two texts word by word: the words only `old` has struck in red, those only `new` has lit
    in green (both literal)."""
    before, after = old.split(), new.split()
    shown_old: list[Content] = []
    shown_new: list[Content] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        changed = tag != "equal"
        shown_old += [literal(word, "bold strike $text-error" if changed else "") for word in before[i1:i2]]
        shown_new += [literal(word, "bold $text-success" if changed else "") for word in after[j1:j2]]
    return Content(" ").join(shown_old), Content(" ").join(shown_new)


class RepairScreen(ModalScreen[bool | None]):
    """`R` on a drifted passage: its quote beside the closest match in the source, word by word.
    `a` accepts the match as the new quote (then a preview, then the write); `k` or `escape`
    keeps the passage drifted. Nothing is ever re-anchored without this choice."""

    HELP_TITLE = "Repair a drifted passage"
    DEFAULT_CSS = "RepairScreen {" + _DIALOG_CSS + """
        #repair-sides { height: auto; max-height: 24; }
        .side {
            width: 1fr; height: auto; padding: 0 1;
            border: round $primary-muted; border-title-color: $text-primary;
        }
    }"""
    BINDINGS = [
        Binding("a", "answer(True)", "Accept the match", id="repair.accept"),
        Binding("k", "answer(False)", "Keep it drifted", id="repair.keep"),
        Binding("escape", "answer(False)", "Keep it drifted", show=False, id="repair.close"),
    ]

    def __init__(self, health: PassageHealth) -> None:
        super().__init__()
        self.health = health

    def compose(self) -> ComposeResult:
        health = self.health
        old, new = word_diff(health.quote, health.closest or "")
        with Vertical(classes="dialog") as box:
            box.border_title = "Drifted passage"
            with Horizontal(id="repair-sides"):
                quote = Static(old, classes="side")
                quote.border_title = "Quote in the catalog"
                yield quote
                match = Static(new, classes="side")
                match.border_title = f"Closest match, line {health.closest_line} ({health.similarity:.0f}% similar)"
                yield match
            yield Static(Content.styled("a accept the match as the quote · k keep it drifted", "dim"), classes="hint")

    def action_answer(self, accept: bool) -> None:
        self.dismiss(accept)
