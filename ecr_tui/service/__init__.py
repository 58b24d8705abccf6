"""What the program does, once for the CLI and the TUI, with no terminal code: editing,
previewing and saving a policy, planning a change over many repositories, auditing, listing,
reports, backups and the user's config."""
