"""The site step of the conductor (pipeline.py): the rendered files into a docs folder, the engine's
configuration beside it, the HTML built (MkDocs for the hand-written and overview pages, site/shell.py for
the entity pages), the packages copied in, Pagefind and a CSP on every page. A module of its own so that
pipeline.py stays readable; like it, it may use both the site and the publish stages."""

from __future__ import annotations

import time
from pathlib import Path


def build_site(
    rel,
    docs: dict[str, str],
    docs_dir: Path,
    site_dir: Path,
    packages_dir: Path,
    progress=lambda stage, seconds: None,
) -> int:
    """Assemble the docs folder, build the HTML into site_dir (a new generation's, not published yet) with
    every release of packages_dir under data/ ('latest': the newest), Pagefind and a CSP on every page;
    return its page count. `rel` is the pipeline's Release. `docs` is emptied: its pages go to the docs
    folder, its other files (hundreds of MB at national size) beside the site and into it after MkDocs, its
    entity pages via shell. The configuration the engine builds with is written whole beside docs_dir
    (site/mkdocs_config.py)."""
    from generator.publish import writer
    from generator.site import mkdocs as site
    from generator.site import mkdocs_config, shell

    start = time.perf_counter()
    entity_pages = shell.entity_pages(docs)  # MkDocs builds a placeholder per section instead of each
    static = site_dir.with_name(".static")  # all but the pages: moved into the site after MkDocs
    writer.write_files(static, {path: text for path, text in docs.items() if not path.endswith(".md")})
    files = site.hand_written_files() | {p: t for p, t in docs.items() if p.endswith(".md")}
    files |= shell.placeholders(entity_pages)
    docs.clear()
    writer.replace_folder(docs_dir, files)
    order, files = list(files), None  # the texts are on disk now
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
    writer.move_tree(static, site_dir)
    done = shell.build_pages(site_dir, entity_pages, order, docs_dir)
    entity_pages.clear()
    rel.timings["pages"] = time.perf_counter() - start
    progress("pages", rel.timings["pages"])
    start = time.perf_counter()
    site.copy_packages(packages_dir, site_dir, data_url=pub.data_url)
    site.pagefind_index(site_dir, site.marked_pages(site_dir, done))
    pages = site.add_csp(site_dir, done) + len(done)
    rel.timings["search+csp"] = time.perf_counter() - start
    progress("search+csp", rel.timings["search+csp"])
    return pages
