"""Options shared by several subcommands."""

from __future__ import annotations

import click

YES = click.option("--yes", "-y", "assume_yes", is_flag=True, help="Write without asking.")
SID = click.option("--sid", required=True, help="Statement id: letters and digits, unique.")
EFFECT = click.option(
    "--effect",
    type=click.Choice(["Allow", "Deny"]),
    default="Allow",
    show_default=True,
    help="Allow grants the actions; Deny refuses them whatever else allows them.",
)
PRINCIPALS = click.option(
    "--principal",
    "-p",
    "principals",
    multiple=True,
    required=True,
    help="*, an account id, an IAM ARN, or a service such as lambda.amazonaws.com (repeatable).",
)
