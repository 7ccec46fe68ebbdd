#!/usr/bin/env python3
"""Per-heading task counts of a markdown tracker, as GitHub's renderer sees them.

How the expected files were generated (once, by hand; CI only reads the JSON):

    apt-get install -y cmark-gfm          # Debian 12: cmark-gfm 0.29.0.gfm.6
    python3 scripts/github-counts.py ../shared/realworld/coding-interview-university.md \
        ../shared/realworld/coding-interview-university-cn.md

For each FILE.md this runs `cmark-gfm -e tasklist -e table -e strikethrough -e autolink`
once (GitHub's renderer with its extensions, safe mode: raw HTML is not passed through) and
writes tests/fixtures/realworld/<FILE>.expected.json, which tests/realworld.rs compares the
tracker's counts against. Pass `--html FILE.html` after a markdown file to read HTML that was
already rendered instead of running cmark-gfm.

Counting follows TRACKER-FORMAT §1 and §3 on the rendered HTML, in document order:
- every `<input type="checkbox">` cmark-gfm emits is one task (`done` when `checked`);
- headings `<h1>`..`<h6>` are structure wherever they stand (also inside `<li>`);
- the first `<h1>` is the title; a later `<h1>` counts as level 2;
- every other heading opens a node under the nearest shallower heading above it;
- a task belongs to the innermost heading above it (before the first section: the root);
- a node's total is its own tasks plus all its descendants' (these files have no optional
  sections and no summary, so nothing is left out).

Output: {"title", "total", "done", "top_level", "headings": [{"title", "level", "total",
"done"}, ...]} with headings in document order; titles are the heading's text with white
space folded, as the tracker's JSON gives them.
"""

import json
import os
import subprocess
import sys
from html.parser import HTMLParser

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


class Counter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = None
        # index 0 is the root; each node: title, level, parent, own tasks, own done
        self.nodes = [{"title": None, "level": 1, "parent": None, "own": 0, "own_done": 0}]
        self.open = [0]
        self.heading = None  # (level, [text parts])

    def handle_starttag(self, tag, attrs):
        if tag in HEADINGS:
            self.heading = (HEADINGS[tag], [])
        elif tag == "img" and self.heading is not None:
            # The tracker keeps an image's alt text as part of the heading's text.
            self.heading[1].append(dict(attrs).get("alt") or "")
        elif tag == "input":
            a = dict(attrs)
            if a.get("type") == "checkbox":
                node = self.nodes[self.open[-1]]
                node["own"] += 1
                if "checked" in a:
                    node["own_done"] += 1

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self.heading is not None:
            self.heading[1].append(data)

    def handle_endtag(self, tag):
        if tag in HEADINGS and self.heading is not None:
            level, parts = self.heading
            self.heading = None
            text = " ".join("".join(parts).split())
            if level == 1 and self.title is None:
                self.title = text
                return
            level = max(level, 2)
            while len(self.open) > 1 and self.nodes[self.open[-1]]["level"] >= level:
                self.open.pop()
            self.nodes.append(
                {"title": text, "level": level, "parent": self.open[-1], "own": 0, "own_done": 0}
            )
            self.open.append(len(self.nodes) - 1)

    def result(self):
        total = [n["own"] for n in self.nodes]
        done = [n["own_done"] for n in self.nodes]
        # Parents come before their children: walking backwards finishes each node first.
        for i in range(len(self.nodes) - 1, 0, -1):
            p = self.nodes[i]["parent"]
            total[p] += total[i]
            done[p] += done[i]
        return {
            "title": self.title,
            "total": total[0],
            "done": done[0],
            "top_level": sum(1 for n in self.nodes[1:] if n["parent"] == 0),
            "headings": [
                {"title": n["title"], "level": n["level"], "total": total[i], "done": done[i]}
                for i, n in enumerate(self.nodes)
                if i > 0
            ],
        }


def render(markdown_path):
    cmd = ["cmark-gfm"]
    for ext in ("tasklist", "table", "strikethrough", "autolink"):
        cmd += ["-e", ext]
    return subprocess.run(
        cmd + [markdown_path], check=True, capture_output=True, text=True
    ).stdout


def main(args):
    if not args:
        sys.exit(__doc__)
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = os.path.join(here, "..", "tests", "fixtures", "realworld")
    os.makedirs(out_dir, exist_ok=True)
    i = 0
    while i < len(args):
        md = args[i]
        html = None
        if i + 2 < len(args) and args[i + 1] == "--html":
            with open(args[i + 2], encoding="utf-8") as f:
                html = f.read()
            i += 3
        else:
            i += 1
        if html is None:
            html = render(md)
        counter = Counter()
        counter.feed(html)
        counter.close()
        name = os.path.splitext(os.path.basename(md))[0]
        out = os.path.join(out_dir, name + ".expected.json")
        with open(out, "w", encoding="utf-8") as f:
            json.dump(counter.result(), f, ensure_ascii=False, indent=2)
            f.write("\n")
        r = counter.result()
        print(f"{out}: {r['title']!r}: {r['total']} tasks, {r['top_level']} top-level sections")


if __name__ == "__main__":
    main(sys.argv[1:])
