"""Confirm a save: the diff of the live policy against the new one, and its problems."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Static

from ecr_tui.aws.registry_calls import REGISTRY_POLICY_KEY
from ecr_tui.policy.audit import Finding
from ecr_tui.policy.audit import Severity as Risk
from ecr_tui.policy.safe_text import json_visible, visible
from ecr_tui.policy.validate import Problem, Severity
from ecr_tui.service.preview import Preview
from ecr_tui.ui.widgets.wrapped_text import WrappedText

RISK_STYLES = {
    Risk.CRITICAL: "bold $text-error",
    Risk.HIGH: "$text-error",
    Risk.MEDIUM: "$text-warning",
    Risk.LOW: "$text-muted",
    Risk.INFO: "$text-muted",
}


CHECKING = "Reading the live policy to check that nobody changed it since it was loaded…"


def colored_diff(diff: str) -> Content:
    """A unified diff with added lines green, removed lines red, hunk headers accented."""
    lines: list[Content] = []
    for line in (visible(json_visible(text)) for text in diff.splitlines()):
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("+"):
            style = "$text-success"
        elif line.startswith("-"):
            style = "$text-error"
        elif line.startswith("@@"):
            style = "$text-accent"
        else:
            style = ""
        lines.append(Content.styled(line, style) if style else Content(line))
    return Content("\n").join(lines) if lines else Content("(no differences)")


def problem_lines(problems: list[Problem], findings: list[Finding]) -> Content:
    lines = [
        Content.styled(
            visible(f"new {f.severity.value}: {f.statement_label}: {f.message}"),
            RISK_STYLES[f.severity],
        )
        for f in findings
    ]
    lines += [
        Content.styled(
            visible(f"{'✗' if p.severity is Severity.ERROR else '!'} {p.where}: {p.message}"),
            "$text-error" if p.severity is Severity.ERROR else "$text-warning",
        )
        for p in problems
    ]
    return Content("\n").join(lines)


class SaveConfirm(ModalScreen[bool]):
    """Dismisses with True when the person confirms the save.

    Ctrl+S opens this dialog, so it does not confirm here: one key pressed twice, or a
    second press that waited while the dialog was slow to show, must not save unseen.
    """

    BINDINGS = [
        Binding("y", "confirm", "Save", id="save-confirm"),
        Binding("escape,n", "cancel", "Cancel", id="save-cancel"),
        Binding("ctrl+s", "explain_confirm", "How to save", show=False, id="save-explain"),
    ]

    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]

    DEFAULT_CSS = """
    SaveConfirm {
        align: center middle;
    }
    SaveConfirm > #save-box {
        width: 96%;
        max-width: 110;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    SaveConfirm.-short > #save-box {
        width: 100%;
        max-width: 100%;
        height: 100%;
        border: none;
        border-top: thick $primary;
    }
    SaveConfirm #save-title {
        text-style: bold;
        width: 1fr;
    }
    SaveConfirm #save-summary {
        width: 1fr;
        margin-bottom: 1;
    }
    SaveConfirm #save-what {
        color: $text-muted;
        width: 1fr;
    }
    SaveConfirm #save-what.-deleting {
        color: $text-warning;
        text-style: bold;
    }
    SaveConfirm #save-diff {
        height: auto;
        max-height: 55vh;
        background: $boost;
        scrollbar-size-vertical: 1;
    }
    SaveConfirm.-short #save-diff {
        height: 1fr;
        max-height: 100%;
    }
    SaveConfirm #save-diff:focus {
        background-tint: $foreground 5%;
    }
    SaveConfirm #save-problems {
        height: auto;
        max-height: 5;
    }
    SaveConfirm #save-diff-text {
        width: 1fr;
    }
    SaveConfirm #save-buttons {
        height: auto;
        align-horizontal: right;
    }
    SaveConfirm #save-buttons Button {
        margin-left: 2;
    }
    """

    def __init__(self, preview: Preview, *, checking: bool = False) -> None:
        """`checking`: the live policy is being read again; saving waits for it."""
        super().__init__()
        self.checking = checking
        self.merged = preview.merged
        self.repository = preview.request.repository
        self.diff = preview.diff
        self.problems = list(preview.problems)
        self.findings = list(preview.findings)
        self.deleting = preview.deleting
        self.summary = visible(preview.summary)

    @property
    def blocked(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    def what_happens(self) -> str:
        if self.blocked:
            return "The new policy has errors; fix them before saving."
        if self.deleting:
            whose = "registry" if self.repository == REGISTRY_POLICY_KEY else "repository's"
            what = f"No statements are left: the {whose} policy will be deleted."
        elif self.merged:
            what = "The live policy now (-) becomes it with your edits re-applied (+)."
        else:
            what = "The live policy (-) becomes the new one (+)."
        if self.checking:
            return CHECKING
        return what

    def live_checked(self, note: str = "") -> None:
        """The live policy is the one the diff starts from (or `note` says why unknown)."""
        self.checking = False
        what = self.query_one("#save-what", Label)
        what.update(f"{note + ' ' if note else ''}{self.what_happens()} ↑↓ scroll · Tab: buttons")
        self.query_one("#save-yes", Button).disabled = self.blocked
        self.refresh_bindings()

    def compose(self) -> ComposeResult:
        what = self.what_happens()
        merged = "merged " if self.merged else ""
        if self.repository == REGISTRY_POLICY_KEY:
            title = f"Save the {merged}registry policy?"
        else:
            title = f"Save the {merged}policy of {self.repository}?"
        with Vertical(id="save-box"):
            yield Label(title, id="save-title", markup=False)
            yield Label(
                f"{what} ↑↓ scroll · Tab: buttons",
                id="save-what",
                markup=False,
                classes="-deleting" if self.deleting and not self.blocked else "",
            )
            with VerticalScroll(id="save-diff"):
                # In the scrolled part: a long summary is read whole, never cut at the edge.
                summary = Static(
                    self.summary[:1].upper() + self.summary[1:], id="save-summary", markup=False
                )
                summary.display = bool(self.summary)
                yield summary
                yield WrappedText(colored_diff(self.diff), marker=1, id="save-diff-text")
            problems = Static(problem_lines(self.problems, self.findings), id="save-problems")
            problems.display = bool(self.problems or self.findings)
            yield problems
            with Horizontal(id="save-buttons"):
                label = "Delete policy" if self.deleting else "Save"
                yield Button(
                    f"{label} (y)",
                    variant="primary",
                    id="save-yes",
                    disabled=self.blocked or self.checking,
                    compact=True,
                )
                yield Button("Cancel (n)", id="save-no", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#save-diff").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm" and (self.blocked or self.checking):
            return None
        return True

    @on(Button.Pressed, "#save-yes")
    def action_confirm(self) -> None:
        if not self.blocked and not self.checking:
            self.dismiss(True)

    def action_explain_confirm(self) -> None:
        self.notify("Read the changes, then press y to save (or Esc to cancel).")

    @on(Button.Pressed, "#save-no")
    def action_cancel(self) -> None:
        self.dismiss(False)
