"""What `--help` says after the options: examples and the exit codes, one way for every command."""

from __future__ import annotations

READ_EXITS = (
    ("0", "done"),
    ("2", "bad input (nothing was read or written)"),
    ("4", "an AWS or credential error"),
)
WRITE_EXITS = (
    ("0", "written and seen in the live policy read back, or nothing to write"),
    ("2", "bad input or a validation error (nothing written)"),
    ("3", "a conflict: the change is not in the live policy (another writer's change)"),
    ("4", "an AWS or credential error, or a write that could not be confirmed either way"),
)
EVERY_EXIT = (
    ("0", "done"),
    ("1", "the audit found something at or above --fail-on"),
    WRITE_EXITS[1],
    WRITE_EXITS[2],
    ("4", "an AWS or credential error, or (with --fail-on) a policy that could not be read"),
)
AUDIT_EXITS = (
    ("0", "done (no finding at or above --fail-on)"),
    ("1", "a finding at or above --fail-on"),
    ("2", "bad input"),
    ("4", "an AWS or credential error; with --fail-on, also a policy that could not be read"),
)


def epilog(examples: tuple[str, ...], exits: tuple[tuple[str, str], ...]) -> str:
    """Examples kept as typed (click's \\b), then the exit codes."""
    example_lines = "\n".join(f"  {example}" for example in examples)
    exit_lines = "\n".join(f"  {code}  {meaning}" for code, meaning in exits)
    return f"\b\nExamples:\n{example_lines}\n\n\b\nExit codes:\n{exit_lines}"
