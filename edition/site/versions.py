"""Versions: the released snapshots of an edition, as the site shows them beside the latest.

Releases are made by ``edition.release``; this module only reads the releases folder, so that
the site can place every snapshot under ``versions/VERSION/`` and link the same page across them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from edition.i18n import gettext

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def released_versions(releases: Path | None) -> list[str]:
    """The versions released so far, oldest first."""
    if releases is None or not releases.is_dir():
        return []
    found = [p.name for p in releases.iterdir() if p.is_dir() and SEMVER.match(p.name)]
    return sorted(found, key=version_key)


def versions_files(releases: Path | None, current_version: str = "") -> dict[str, bytes]:
    """The released snapshots as ``versions/VERSION/...`` files, and the script linking them."""
    files: dict[str, bytes] = {}
    versions = released_versions(releases)
    for version in versions:
        assert releases is not None
        for path in sorted((releases / version).rglob("*")):
            if path.is_file():
                files[f"versions/{version}/{path.relative_to(releases / version).as_posix()}"] = path.read_bytes()
    files["versions.js"] = versions_script(versions, current_version).encode("utf-8")
    return files


def versions_script(versions: list[str], latest: str) -> str:
    """The script every page loads from the site root to link the same place in other versions."""
    data = json.dumps({"versions": versions, "latest": latest})
    # The label of the latest edition, in the interface's language.
    label = json.dumps(gettext("latest"), ensure_ascii=False)
    return VERSIONS_JS.replace("__DATA__", data).replace("__LATEST__", label)


VERSIONS_JS = """/* Links from any page to the same place in the latest edition and in every released version.
   Loaded from the site root by every page, including those of immutable releases, so that old
   releases learn of newer ones. Without it, each page still says which version it is. */
(function () {
  "use strict";
  var data = __DATA__;
  var latest = __LATEST__;
  var script = document.currentScript;
  var nav = document.getElementById("version-links");
  if (!script || !nav) { return; }
  var root = new URL(".", script.src).href;
  var here = window.location.href;
  if (here.indexOf(root) !== 0) { return; }
  var rest = here.slice(root.length);
  var match = /^versions\\/([^\\/]+)\\/(.*)$/.exec(rest);
  var current = match ? match[1] : "latest";
  var page = match ? match[2] : rest;
  function add(label, href, isCurrent) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = label;
    if (isCurrent) { a.setAttribute("aria-current", "page"); }
    nav.appendChild(document.createTextNode(nav.getElementsByTagName("a").length ? ", " : " "));
    nav.appendChild(a);
  }
  add(latest + (data.latest ? " (" + data.latest + ")" : ""), root + page, current === "latest");
  data.versions.slice().reverse().forEach(function (version) {
    add(version, root + "versions/" + version + "/" + page, current === version);
  });
  nav.appendChild(document.createTextNode("."));
  nav.hidden = false;
})();
"""
