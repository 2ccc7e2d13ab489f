"""The site step of the conductor (pipeline.py): the rendered files into a docs folder, the engine's
configuration beside it, the HTML built (MkDocs for the hand-written and overview pages, site/shell.py for
the entity pages), the packages copied in, Pagefind and a CSP on every page. A module of its own so that
pipeline.py stays readable; like it, it may use both the site and the publish stages."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from generator.publish import writer
from generator.site import shell


class SiteFiles:
    """Where every generated file goes, written there as it is rendered (site/render.py's put): a page
    (.md) into a staging docs folder that build_site swaps in as docs_dir, any other file into a folder
    beside the site (`static`) that is moved into the site after MkDocs. No text is held after put();
    the entity pages (site/shell.py) are noted by their docs path. `with SiteFiles(...) as files:` removes
    both folders if the block fails. The hand-written pages of site_src/ are there from the start, so a
    generated page of the same path replaces its file, as the rendered one always did."""

    def __init__(self, docs_dir: Path, static: Path):
        from generator.site import mkdocs as site

        self.docs_dir, self.static = docs_dir, static
        self.docs = writer.staging_folder(docs_dir)
        self.entity_pages: dict[str, shell.EntityPage] = {}
        writer.copy_files(self.docs, site.hand_written_files())

    def __enter__(self) -> SiteFiles:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is not None:
            shutil.rmtree(self.docs, ignore_errors=True)
            shutil.rmtree(self.static, ignore_errors=True)

    def put(self, path: str, text: str) -> None:
        """Write one rendered file (docs path -> text) where it goes."""
        if not path.endswith(".md"):
            writer.write_file(self.static, path, text)
            return
        writer.write_file(self.docs, path, text)
        page = shell.entity_page(path, text)
        if page is not None:
            self.entity_pages[path] = page
        else:
            self.entity_pages.pop(path, None)  # a later text of the same path replaced an entity page

    def noted(self) -> dict[str, shell.EntityPage]:
        """The entity pages noted here (in a helper process: to be merged into the parent's)."""
        return self.entity_pages

    def merge(self, noted: dict[str, shell.EntityPage]) -> None:
        """Take in the entity pages that a helper process's put()s noted."""
        self.entity_pages.update(noted)

    def put_all(self, files: dict[str, str]) -> None:
        """put() every file of a dict (path -> text), in its order."""
        for path, text in files.items():
            self.put(path, text)

    def swap_in(self) -> list[str]:
        """Add the shell's placeholder pages, put the docs folder in place of docs_dir; return its paths."""
        writer.write_files(self.docs, shell.placeholders(self.entity_pages))
        writer.swap_folder(self.docs, self.docs_dir)
        return sorted(
            os.path.relpath(os.path.join(folder, name), self.docs_dir).replace(os.sep, "/")
            for folder, _, names in os.walk(self.docs_dir)
            for name in names
        )


def build_site(
    rel, files: SiteFiles, site_dir: Path, packages_dir: Path, progress=lambda stage, seconds: None
) -> int:
    """Build the HTML into site_dir (a new generation's, not published yet) from the rendered `files`
    (their docs folder swapped in as files.docs_dir, their other files moved into the site after MkDocs),
    with every release of packages_dir under data/ ('latest': the newest), Pagefind and a CSP on every page;
    return its page count. `rel` is the pipeline's Release. The configuration the engine builds with is
    written whole beside the docs folder (site/mkdocs_config.py)."""
    from generator.site import mkdocs as site
    from generator.site import mkdocs_config

    start = time.perf_counter()
    entity_pages, docs_dir = files.entity_pages, files.docs_dir
    order = files.swap_in()  # MkDocs builds a placeholder per section instead of each entity page
    pub, config = rel.config.publication, mkdocs_config.config_path(docs_dir)
    writer.replace_folder(config.parent / mkdocs_config.OVERRIDES_DIR, mkdocs_config.overrides())
    extra, exclude = {"demo": pub.demo, "release": rel.release}, shell.exclude_pattern(entity_pages, order)
    writer.write_bytes(
        config, mkdocs_config.config_file(docs_dir.name, extra, pub.language, pub.site_url, exclude)
    )
    site.mkdocs_build(config, site_dir)
    rel.timings["mkdocs"] = time.perf_counter() - start
    progress("mkdocs", rel.timings["mkdocs"])
    start = time.perf_counter()
    if files.static.exists():
        writer.move_tree(files.static, site_dir)
    done = shell.build_pages(site_dir, entity_pages, order, docs_dir)
    rel.timings["pages"] = time.perf_counter() - start
    progress("pages", rel.timings["pages"])
    start = time.perf_counter()
    site.copy_packages(packages_dir, site_dir, data_url=pub.data_url)
    site.pagefind_index(site_dir, site.marked_pages(site_dir, done))
    pages = site.add_csp(site_dir, done) + len(done)
    rel.timings["search+csp"] = time.perf_counter() - start
    progress("search+csp", rel.timings["search+csp"])
    return pages
