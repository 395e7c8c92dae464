"""Great Expectations Data Docs that work offline: no CDN, no jQuery, no Bootstrap downloads.

GX's page templates load Bootstrap, jQuery, bootstrap-table, Font Awesome and vega from CDNs, and its logo
from S3. None of these ship with our dependencies, so the site builders in great_expectations.yml use the
views below instead of GX's: they render GX's own templates with every remote <link>/<script> tag and
every jQuery snippet removed, plus the replacements in expectations/gx/plugins/custom_data_docs/:
styles/data_docs_custom_styles.css (the Bootstrap classes the pages use, and the status icons),
views/data_docs_offline.js (tabs, "Show more info...", the "Failed Only" filter, clickable index rows) and
views/bootstrap_table.j2 (the index tables rendered as HTML, where GX fills them in with bootstrap-table).
The logo and favicon come from the static/ folder GX writes beside the pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from great_expectations.render.view import DefaultJinjaIndexPageView, DefaultJinjaPageView
from jinja2 import BaseLoader, Environment, FileSystemLoader, TemplateNotFound

OFFLINE_SCRIPT = "data_docs_offline.js"

_REMOTE_TAG = re.compile(r"""<link\b[^>]*href=["']https?://[^>]*>|<script\b[^>]*src=["']https?://[^>]*>\s*</script>""")
_JQUERY_SCRIPT = re.compile(r"<script>(?:(?!</script>).)*\$\((?:(?!</script>).)*</script>", re.DOTALL)
_REMOTE_CSS_URL = re.compile(r"background:\s*url\(['\"]?https?://[^)]*\)[^;]*;")
# top_navbar.j2 points the logo at GX's S3 bucket, after computing the local folder for every page but the index.
_S3_IMAGES = re.compile(r"""\{% set static_images_dir = "https://[^"]*" -?%\}""")
_LOCAL_IMAGES = '{% if static_images_dir is not defined %}{% set static_images_dir = "./static/images/" %}{% endif %}'


def offline_source(name: str, source: str) -> str:
    """A GX template or stylesheet with its remote assets and jQuery snippets removed."""
    source = _REMOTE_TAG.sub("", source)
    source = _JQUERY_SCRIPT.sub("", source)
    source = _REMOTE_CSS_URL.sub("", source)
    source = _S3_IMAGES.sub(_LOCAL_IMAGES, source)
    if name == "favicon.j2":  # validation pages sit 4 folders deep (top_navbar.j2 knows), not 3
        source = source.replace("(expectation_suite_name_dot_count + 3)", "(expectation_suite_name_dot_count + 4)")
    if name == "js_script_imports.j2":  # included in the <head> of every page
        source += f"\n<script>{{% include '{OFFLINE_SCRIPT}' %}}</script>\n"
    return source


class _OfflineLoader(BaseLoader):
    """Our own views first (by file name), then GX's templates and styles rewritten by offline_source."""

    def __init__(self, gx_loader: BaseLoader, custom_views_directory: str | None) -> None:
        self.own = FileSystemLoader(custom_views_directory) if custom_views_directory else None
        self.gx_loader = gx_loader

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool]]:
        if self.own is not None:
            try:
                return self.own.get_source(environment, template)
            except TemplateNotFound:
                pass
        source, filename, uptodate = self.gx_loader.get_source(environment, template)
        return offline_source(template, source), filename, uptodate


class _OfflineViewMixin:
    """Swaps the view's template loader for _OfflineLoader; GX passes the plugin folders to every view."""

    env: Environment

    def __init__(self, custom_styles_directory: str | None = None, custom_views_directory: str | None = None) -> None:
        super().__init__(custom_styles_directory, custom_views_directory)  # type: ignore[call-arg]
        if not custom_views_directory:
            raise FileNotFoundError("offline Data Docs need plugins/custom_data_docs/views in the GX context")
        assert self.env.loader is not None
        self.env.loader = _OfflineLoader(self.env.loader, custom_views_directory)


class OfflinePageView(_OfflineViewMixin, DefaultJinjaPageView):
    """Expectation suite and validation result pages, renderable without internet."""


class OfflineIndexPageView(_OfflineViewMixin, DefaultJinjaIndexPageView):
    """The Data Docs index page, renderable without internet."""
