"""The published tree and its one switch: every build is a complete generation; publishing is one rename.

    out/site                      -> .publish/current/site
    out/datapackages/<release>    -> ../.publish/current/datapackages/<release>
    out/datapackages/latest       -> ../.publish/current/datapackages/latest
    out/.publish/current          -> generations/<label>.<n>        the switch
    out/.publish/generations/<label>.<n>/site/                      the whole site (data/ included)
    out/.publish/generations/<label>.<n>/datapackages/<release>/    every release (earlier ones as
                                                                    hard links), latest -> <release>

`site` and every entry of `datapackages/` are fixed links through `.publish/current`; they are made once
and never change. A build writes a new generation beside the published one, verifies it, and then
replaces the `current` link by a new one (a temporary link renamed over it: one os.replace). Before
that rename every name resolves to the previous release, after it to the new one; a link of a release
that is not in the current generation leads nowhere, so it is not there. A crash at any moment leaves
one whole generation published; the next build removes what the crash left (prepare()).

`datapackages/` itself stays a real folder (it holds the repository's README.md). Real release
folders and a real `site/` (from a build before this layout, or scripts/restore-archive) are taken
over first: copied as hard links into a generation of their own, switched to, and only then replaced by
the links, so that what is served never changes while they are.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from generator.core.names import RELEASE_LABEL
from generator.package import packages as package
from generator.publish import writer
from generator.publish.releases import release_folders

STATE = ".publish"
LATEST = "latest"
# What a build may leave beside the published names when it is killed (this layout's temporary and
# aside names, and the staging folders of the layout before it); nothing else is ever removed.
LEFTOVER = re.compile(r"^\..+\.(zs-tmp|zs-aside|staging(-.+)?|old)$")


@dataclass(frozen=True)
class Layout:
    """Where the published names are (site/, datapackages/) and the state folder beside them."""

    site: Path
    packages: Path

    @property
    def state(self) -> Path:
        """The folder that holds the switch and the generations."""
        return self.site.parent / STATE

    @property
    def current(self) -> Path:
        """The switch: a link to the published generation."""
        return self.state / "current"

    @property
    def generations(self) -> Path:
        """The folder of the generations (one published, at most one being built)."""
        return self.state / "generations"

    def published(self) -> Path | None:
        """The published generation, or None before the first publication."""
        return self.generations / Path(os.readlink(self.current)).name if self.current.is_dir() else None

    def site_link(self) -> str:
        """What the site/ link says: the site of the current generation."""
        return os.path.relpath(self.current / "site", self.site.parent)

    def entry_link(self, name: str) -> str:
        """What datapackages/<name> says: that name in the current generation's datapackages/."""
        return os.path.relpath(self.current / "datapackages" / name, self.packages)


def prepare(layout: Layout) -> None:
    """Before a build: put back what a crash left aside, remove leftovers, take over real folders."""
    recover(layout)
    clean(layout)
    take_over(layout)


def recover(layout: Layout) -> None:
    """A published folder that a crash left under its aside name (folder_to_symlink where the system
    cannot swap two names at once) goes back in its place."""
    asides = [writer.temporary_name(layout.site, "aside")]
    asides += list(layout.packages.glob(".*.zs-aside")) if layout.packages.is_dir() else []
    for aside in asides:
        original = aside.parent / aside.name[1 : -len(".zs-aside")]
        if aside.is_dir() and not aside.is_symlink() and not (original.exists() or original.is_symlink()):
            os.rename(aside, original)


def clean(layout: Layout) -> None:
    """Remove what an interrupted build left: unpublished generations, temporary links and aside
    folders, staging folders, and release links that lead nowhere."""
    remove_unpublished(layout)
    for folder, names in ((layout.state, None), (layout.site.parent, layout.site.name)):
        for path in folder.glob(".*") if folder.is_dir() else []:
            own = names is None or path.name.startswith(f".{names}.")
            if own and LEFTOVER.match(path.name):
                writer.remove(path)
    if not layout.packages.is_dir():
        return
    for path in layout.packages.iterdir():
        if LEFTOVER.match(path.name):
            writer.remove(path)
        elif path.is_symlink() and not path.exists() and os.readlink(path) == layout.entry_link(path.name):
            path.unlink()


def remove_unpublished(layout: Layout) -> None:
    """Remove every generation but the published one."""
    published = layout.published()
    for generation in layout.generations.iterdir() if layout.generations.is_dir() else []:
        if published is None or generation.name != published.name:
            writer.remove(generation)


def legacy(layout: Layout) -> tuple[bool, dict[str, Path]]:
    """Whether site/ is a real folder, and the real release folders in datapackages/."""
    real_site = layout.site.is_dir() and not layout.site.is_symlink()
    releases = {
        name: path for name, path in release_folders(layout.packages).items() if not path.is_symlink()
    }
    return real_site, releases


def take_over(layout: Layout) -> None:
    """Replace a real site/ and real release folders by the links of this layout, never changing what is
    served: a generation with the same files (hard links) is published first."""
    real_site, releases = legacy(layout)
    old_latest = layout.packages / LATEST
    legacy_latest = old_latest.is_symlink() and os.readlink(old_latest) != layout.entry_link(LATEST)
    if not (real_site or releases or legacy_latest):
        return
    published = layout.published()
    generation = new_generation(layout, "taken-over")
    if real_site or (published is not None and (published / "site").is_dir()):
        writer.link_tree(layout.site if real_site else published / "site", generation / "site")
    held = release_folders(published / "datapackages") if published is not None else {}
    for name, folder in (held | releases).items():
        writer.link_tree(folder, generation / "datapackages" / name)
    latest = old_latest.resolve().name if old_latest.exists() else None
    point_latest(generation, latest if latest in held | releases else None)
    switch(layout, generation)
    if real_site:
        writer.folder_to_symlink(layout.site, layout.site_link())
    for name in releases:
        writer.folder_to_symlink(layout.packages / name, layout.entry_link(name))
    link_entries(layout, generation)
    remove_unpublished(layout)


def new_generation(layout: Layout, label: str) -> Path:
    """A new, empty generation folder (not published): generations/<label>.<n>."""
    layout.generations.mkdir(parents=True, exist_ok=True)
    taken = [int(p.suffix[1:]) for p in layout.generations.glob(f"{label}.*") if p.suffix[1:].isdigit()]
    folder = layout.generations / f"{label}.{max(taken, default=0) + 1}"
    folder.mkdir()
    return folder


def fill_packages(layout: Layout, generation: Path, label: str) -> None:
    """Put every other published release into the generation beside the release `label` (written there
    already) as hard links, and its datapackages/latest link to the newest release."""
    folder = generation / "datapackages"
    for name, path in release_folders(layout.packages).items():
        if name != label:
            writer.link_tree(path, folder / name)
    point_latest(generation)


def write_packages(layout: Layout, generation: Path, public) -> tuple[int, float]:
    """Build the packages of `public` (the PublicRelease) and fill them into the generation; return
    (files, seconds). The conductor runs this in a child process while it renders the pages."""
    start = time.perf_counter()
    # each file goes to the disk as its package is made: the child holds one package at a time
    files = package.build_packages(public, writer.FolderFiles(generation / "datapackages" / public.release))
    fill_packages(layout, generation, public.release)
    return len(files), time.perf_counter() - start


def point_latest(generation: Path, name: str | None = None) -> None:
    """The generation's datapackages/latest: a relative link to `name`, or to its newest release."""
    folder = generation / "datapackages"
    folder.mkdir(parents=True, exist_ok=True)
    names = sorted(p.name for p in folder.iterdir() if RELEASE_LABEL.fullmatch(p.name))
    if names:
        (folder / LATEST).symlink_to(name or names[-1], target_is_directory=True)


def link_entries(layout: Layout, generation: Path) -> None:
    """Make site/, datapackages/latest and datapackages/<release> for every release of the generation the
    fixed links through the switch (those that are already right are left alone)."""
    wanted = {layout.site: layout.site_link()}
    for path in (generation / "datapackages").iterdir() if (generation / "datapackages").is_dir() else []:
        if RELEASE_LABEL.fullmatch(path.name) or path.name == LATEST:
            wanted[layout.packages / path.name] = layout.entry_link(path.name)
    for link, target in wanted.items():
        if link.is_symlink() and os.readlink(link) == target:
            continue
        if link.is_dir() and not link.is_symlink():
            writer.folder_to_symlink(link, target)
        else:
            writer.replace_symlink(link, target)


def switch(layout: Layout, generation: Path) -> None:
    """THE step: the current link now names `generation` (one os.replace of a link)."""
    writer.replace_symlink(layout.current, os.path.relpath(generation, layout.state))


def publish(layout: Layout, generation: Path) -> None:
    """Publish a complete, verified generation: its links first (they lead nowhere new until the switch),
    then the switch, then the previous generation is removed."""
    link_entries(layout, generation)
    switch(layout, generation)
    remove_unpublished(layout)
