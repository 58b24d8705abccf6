"""Shell completion: profiles, regions, repository names and backup ids (of repository
and registry policies).

Names that come from AWS are asked for in a daemon thread and waited for at most
`LIVE_SECONDS`; whatever goes wrong, completion offers nothing rather than an error.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import click
from click.shell_completion import CompletionItem

from ecr_tui.aws.backend import Backend, BackendSettings

LIVE_SECONDS = 2.0
"""How long a completion waits for AWS."""
FALLBACK_REGIONS = ("us-east-1",)


def _global_settings(ctx: click.Context) -> BackendSettings:
    """The settings the global options typed so far describe (the command has not run)."""
    params = ctx.find_root().params
    return BackendSettings(
        profile=params.get("profile"),
        region=params.get("region"),
        endpoint_url=params.get("endpoint_url"),
        read_only=True,
    )


def _is_demo(ctx: click.Context) -> bool:
    return bool(ctx.find_root().params.get("demo"))


def _bounded(ask: Callable[[list[str]], None]) -> list[str]:
    """What `ask` put in its list within `LIVE_SECONDS` ([] on any error)."""
    found: list[str] = []

    def run() -> None:
        try:
            ask(found)
        except Exception:
            found.clear()

    worker = threading.Thread(target=run, name="completion", daemon=True)
    worker.start()
    worker.join(LIVE_SECONDS)
    return list(found)


def _items(names: list[str], incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(name) for name in sorted(set(names)) if name.startswith(incomplete)]


def complete_profile(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    try:
        from botocore.session import Session

        return _items(list(Session().available_profiles), incomplete)
    except Exception:
        return []


def complete_region(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    try:
        from botocore.session import Session

        session = Session()
        regions = [
            region
            for partition in session.get_available_partitions()
            for region in session.get_available_regions("ecr", partition_name=partition)
        ]
    except Exception:
        regions = list(FALLBACK_REGIONS)
    return _items(regions, incomplete)


def complete_repository(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    if _is_demo(ctx):
        return _items(_demo_repositories(ctx), incomplete)

    def ask(found: list[str]) -> None:
        backend = Backend(_global_settings(ctx))
        for page in backend.repository_pages(first_page=1000):
            found.extend(repository.name for repository in page)

    chosen = set(ctx.params.get("repositories") or ())
    return [item for item in _items(_bounded(ask), incomplete) if item.value not in chosen]


def complete_backup(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    # While the option's value is being typed, click may leave the argument unparsed in args.
    repository = ctx.params.get("repository") or next(iter(ctx.args), None)
    return _backup_ids(ctx, repository, incomplete)


def complete_registry_backup(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    from ecr_tui.aws.registry_calls import REGISTRY_POLICY_KEY

    return _backup_ids(ctx, REGISTRY_POLICY_KEY, incomplete)


def _backup_ids(ctx: click.Context, key: str | None, incomplete: str) -> list[CompletionItem]:
    """The ids of the backups filed under `key` in this account and region."""
    if not key or _is_demo(ctx):
        return []

    def ask(found: list[str]) -> None:
        from ecr_tui.service.backups import BackupStore

        backend = Backend(_global_settings(ctx))
        account = backend.account_id()
        found.extend(b.id for b in BackupStore().list(backend.region, key, account))

    return _items(_bounded(ask), incomplete)


def _demo_repositories(ctx: click.Context) -> list[str]:
    """The demo is seeded afresh each time, with these names: no need to start it."""
    try:
        from ecr_tui.aws.demo_seed import DEMO_REGIONS, REPOSITORIES

        region = ctx.find_root().params.get("region") or DEMO_REGIONS[0]
        return [name for name, _ in REPOSITORIES.get(region, ())]
    except Exception:
        return []
