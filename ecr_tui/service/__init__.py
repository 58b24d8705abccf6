"""What the CLI and the TUI share above the AWS layer, with no terminal code: the user's config."""
