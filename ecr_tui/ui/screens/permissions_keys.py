"""The keys of the permissions screen, and when each of them applies."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from ecr_tui.service.edit_session import EditSession

WRITE_ACTIONS = frozenset(
    {"add", "add_template", "edit", "edit_document"} | {"duplicate", "delete", "undo", "save"}
)
NEEDS_STATEMENT = frozenset({"edit", "duplicate", "delete", "copy_statement"})
# The footer shows the keys of the console's walk; F1 and the palette list them all.
PERMISSIONS_BINDINGS: list[BindingType] = [
    Binding("a", "add", "Add", id="permissions-add"),
    Binding("t", "add_template", "Template", id="permissions-add-template"),
    Binding("e", "edit", "Edit", id="permissions-edit"),
    Binding("x,delete", "delete", "Delete", id="permissions-delete"),
    Binding("u", "undo", "Undo", id="permissions-undo"),
    Binding("ctrl+s", "save", "Save", id="permissions-save"),
    Binding("c", "copy_json", "Copy", id="permissions-copy"),
    Binding("escape", "back", "Back", id="permissions-back"),
    Binding("j", "toggle_json", "JSON", show=False, id="permissions-json"),
    Binding("w", "write_file", "Write file", show=False, id="permissions-write"),
    Binding("d", "duplicate", "Duplicate", show=False, id="permissions-duplicate"),
    Binding("E", "edit(True)", "Edit as JSON", show=False, id="permissions-edit-json"),
    Binding("J", "edit_document", "Edit policy JSON", show=False, id="permissions-edit-document"),
    Binding("y", "copy_statement", "Copy statement", show=False, id="permissions-copy-statement"),
    Binding("ctrl+r", "reload", "Reload", show=False, id="permissions-reload"),
    Binding(
        "a,t,e,E,J,d,x,delete,u,ctrl+s",
        "read_only_note",
        "Read-only",
        show=False,
        id="permissions-read-only",
    ),
    Binding("u", "nothing_to_undo", "Undo", show=False, id="permissions-nothing-to-undo"),
]


def key_state(
    action: str,
    session: EditSession | None,
    read_only: bool,
    busy: bool,
    has_statement: bool,
) -> bool | None:
    """None shows a key dimmed (not now); False hides it (nothing for it to act on)."""
    if action in WRITE_ACTIONS:
        if read_only:
            return False
        if session is None or busy or not session.editable:
            return None
        if action == "undo" and not session.can_undo:
            return False
        if action == "save" and not session.dirty:
            return None
    if action in ("copy_json", "write_file", "toggle_json") and session is None:
        return None
    if action in NEEDS_STATEMENT:
        if session is None:
            return None
        if not has_statement:
            return False
    if action == "read_only_note":
        return read_only
    if action == "nothing_to_undo":
        return not read_only and session is not None and not session.can_undo
    if action == "reload" and busy:
        return None
    return True
