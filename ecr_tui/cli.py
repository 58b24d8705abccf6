def main() -> None:
    raise SystemExit("ecr-tui: not built yet")
