"""What an audit covers: which regions, which repositories, and what could not be listed.

The CLI, the TUI and the audit of every account decide their scope here, so each lists
the same regions, leaves out the same ones, and says so in the same sentence.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import Repository

REGION_WORKERS = 8


@dataclass(frozen=True)
class RegionListing:
    """The repositories of every region that could be listed, and the regions that could not."""

    listed: list[tuple[Backend, list[Repository]]]
    failed: list[tuple[str, AwsError]]

    @property
    def skipped_text(self) -> str:
        """One sentence about the regions left out ("" when none were)."""
        if not self.failed:
            return ""
        names = ", ".join(region for region, _ in self.failed)
        return (
            f"skipped {len(self.failed)} region(s) that could not be listed ({names}): "
            f"{self.failed[0][1].message}"
        )


def try_listing(backend: Backend) -> list[Repository] | AwsError:
    try:
        return backend.list_repositories()
    except AwsError as error:
        return error


def list_regions(backend: Backend, regions: Sequence[str]) -> RegionListing:
    """The repositories of each of `regions`, one reader a region, side by side."""
    return _list([backend.with_region(region) for region in regions], len(regions), "list")


def list_every_region(backend: Backend, workers: int = REGION_WORKERS) -> RegionListing:
    """The repositories of every ECR region of the partition, listed concurrently.

    Opt-in regions that the account has not enabled refuse every call; they end up in
    `failed` and the others are still listed.
    """
    return _list([backend.with_region(region) for region in backend.regions()], workers, "regions")


def _list(backends: list[Backend], workers: int, thread_name: str) -> RegionListing:
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix=thread_name) as pool:
        outcomes = list(pool.map(try_listing, backends))
    pairs = list(zip(backends, outcomes, strict=True))
    return RegionListing(
        listed=[(b, o) for b, o in pairs if isinstance(o, list)],
        failed=[(b.region, o) for b, o in pairs if isinstance(o, AwsError)],
    )


@dataclass(frozen=True)
class RegionScope:
    """One region of an audit: every repository it has, and those to audit."""

    backend: Backend
    every: list[Repository]
    chosen: list[Repository]

    @property
    def region(self) -> str:
        return self.backend.region

    @property
    def every_arn(self) -> list[str]:
        """The region's repositories, for telling which registry statements apply to none."""
        return [repository.arn for repository in self.every]


@dataclass(frozen=True)
class AuditScope:
    """The regions to audit, the names asked for that no region has, and the sentence
    about the regions that could not be listed ("" when every one was)."""

    regions: list[RegionScope]
    missing: list[str]
    skipped: str
    whole_region: bool
    """No names were asked for: each region is audited whole, its registry policy too."""

    @property
    def total(self) -> int:
        return sum(len(region.chosen) for region in self.regions)

    @property
    def missing_text(self) -> str:
        """Why a name asked for is not audited ("" when each was found)."""
        if not self.missing:
            return ""
        where = self.regions[0].region if len(self.regions) == 1 else "any region"
        return f"no repository named {self.missing[0]!r} in {where}"


def audit_scope(
    backend: Backend,
    *,
    all_regions: bool = False,
    regions: Sequence[str] = (),
    names: Collection[str] = (),
    known: list[Repository] | None = None,
) -> AuditScope:
    """The scope of an audit of `names` (every repository when empty) in the backend's
    region, or in each of `regions`, or in every region; `known` is the backend's region
    already listed.

    Raises the listing's AwsError when no region could be listed.
    """
    if all_regions or regions:
        listing = list_every_region(backend) if all_regions else list_regions(backend, regions)
        if listing.failed and not listing.listed:
            raise listing.failed[0][1]
        listed, skipped = listing.listed, listing.skipped_text
    else:
        listed, skipped = [(backend, backend.list_repositories() if known is None else known)], ""
    wanted = list(dict.fromkeys(names))
    scoped = [RegionScope(regional, every, _chosen(every, wanted)) for regional, every in listed]
    found = {repository.name for region in scoped for repository in region.chosen}
    missing = [name for name in wanted if name not in found]
    return AuditScope(scoped, missing, skipped, whole_region=not wanted)


def _chosen(every: list[Repository], names: list[str]) -> list[Repository]:
    """The repositories of `names` in the order asked (all of them when no name is)."""
    if not names:
        return every
    by_name = {repository.name: repository for repository in every}
    return [by_name[name] for name in names if name in by_name]
