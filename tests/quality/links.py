#!/usr/bin/env python3
"""Link checker for a built site.

Usage: links.py SITE_DIR BASE_URL [SITE_DIR BASE_URL ...]

In every HTML file of each site: every relative href/src resolves to a built file
(a directory link means its index.html), every "#anchor" exists in the target page,
and every absolute link starting with the site's base_url maps to a built file.
Other schemes (mailto:, tel:, other hosts) are not checked. Exit 1 on any dead link.
"""
import os
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value is not None and (name == "id" or tag == "a"):
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.links.append(value.strip())


def parse(path, cache):
    if path not in cache:
        page = Page()
        with open(path, encoding="utf-8") as f:
            page.feed(f.read())
        cache[path] = page
    return cache[path]


def target_file(site, rel_path):
    """The built file a site-relative path designates, or None."""
    path = os.path.normpath(os.path.join(site, unquote(rel_path)))
    if os.path.commonpath([site, path]) != site:
        return None  # escapes the site
    if os.path.isdir(path):
        path = os.path.join(path, "index.html")
    return path if os.path.isfile(path) else None


def check_site(site, base_url):
    site = os.path.abspath(site)
    base = base_url.rstrip("/") + "/"
    cache, errors, pages, links = {}, [], 0, 0
    for root, _, files in os.walk(site):
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            page_path = os.path.join(root, name)
            pages += 1
            for link in parse(page_path, cache).links:
                links += 1
                parts = urlsplit(link)
                if link.startswith(base) or link + "/" == base:
                    target = target_file(site, parts.path[len(urlsplit(base).path):])
                elif parts.scheme or parts.netloc:
                    continue  # mailto:, other sites: out of scope
                elif parts.path:
                    rel = os.path.relpath(os.path.join(os.path.dirname(page_path), parts.path), site)
                    target = target_file(site, rel)
                else:
                    target = page_path  # "#anchor" within the page
                where = os.path.relpath(page_path, site)
                if target is None:
                    errors.append(f"{where}: lien mort « {link} »")
                elif parts.fragment and target.endswith(".html"):
                    if unquote(parts.fragment) not in parse(target, cache).ids:
                        errors.append(f"{where}: ancre absente « {link} »")
    return pages, links, errors


def main(args):
    if len(args) % 2 or not args:
        sys.exit(__doc__)
    total_pages = total_links = 0
    failed = []
    for site, base_url in zip(args[::2], args[1::2]):
        pages, links, errors = check_site(site, base_url)
        total_pages, total_links = total_pages + pages, total_links + links
        failed += [f"{site}/{e}" for e in errors]
    for e in failed[:50]:
        print(e)
    print(f"liens : {total_pages} pages HTML, {total_links} liens vérifiés, {len(failed)} liens morts")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
