/* The facsimile page (facsimile.html), enhanced; without this script every page is shown in
   turn, each image a link and its zones listed.
   - One page at a time, with previous and next buttons; the address (#page-ID) says which.
   - Each image becomes a deep-zoom viewer (OpenSeadragon, when the site ships it), the zones
     its overlays.
   - The zone of the line under the pointer (or the keyboard focus) is lit on the image, and the
     lines of a zone under the pointer are lit in the text. */
(function () {
  "use strict";

  var pages = Array.prototype.slice.call(document.querySelectorAll(".facs-page"));
  if (!pages.length) { return; }
  var strings = { previous: "Previous page", next: "Next page", of: "{n} of {count}" };
  var given = document.getElementById("facsimile-strings");
  if (given) { try { Object.assign(strings, JSON.parse(given.textContent)); } catch (e) { /* keep English */ } }
  var script = document.currentScript;
  var imagesPrefix = script ? script.getAttribute("data-images") : "";

  // A line marked by a line break (lb/@facs: <br data-zone>) becomes an element of its own:
  // the break's following words up to the next break, so that pointing at them finds the zone.
  function wrapLines(container) {
    var breaks = container.querySelectorAll("br[data-zone], span.tei-lb[data-zone]");
    Array.prototype.forEach.call(breaks, function (mark) {
      var line = document.createElement("span");
      line.className = "facs-line";
      line.setAttribute("data-zone", mark.getAttribute("data-zone"));
      var node = mark.nextSibling;
      while (node && !(node.nodeType === 1 && (node.tagName === "BR" || node.hasAttribute("data-zone") || node.hasAttribute("data-page")))) {
        var next = node.nextSibling;
        line.appendChild(node);
        node = next;
      }
      mark.parentNode.insertBefore(line, node);
    });
  }

  function light(page, zone, on) {
    var selector = "[data-zone=\"" + zone.replace(/"/g, "") + "\"]";
    Array.prototype.forEach.call(page.querySelectorAll(selector), function (element) {
      element.classList.toggle("zone-active", on);
    });
  }

  function track(page) {
    ["mouseover", "focusin"].forEach(function (type) {
      page.addEventListener(type, function (event) {
        var marked = event.target.closest && event.target.closest("[data-zone]");
        if (marked) { light(page, marked.getAttribute("data-zone"), true); }
      });
    });
    ["mouseout", "focusout"].forEach(function (type) {
      page.addEventListener(type, function (event) {
        var marked = event.target.closest && event.target.closest("[data-zone]");
        if (marked) { light(page, marked.getAttribute("data-zone"), false); }
      });
    });
  }

  function deepZoom(page) {
    var figure = page.querySelector(".facs-figure[data-tiles]");
    if (!figure || typeof window.OpenSeadragon !== "function") { return; }
    var holder = figure.querySelector(".facs-image");
    var width = Number(figure.getAttribute("data-width")) || 0;
    var height = Number(figure.getAttribute("data-height")) || 0;
    var tiles = figure.getAttribute("data-tiles");
    var viewer = document.createElement("div");
    viewer.className = "facs-viewer";
    if (width && height) { viewer.style.aspectRatio = width + " / " + height; }
    holder.parentNode.insertBefore(viewer, holder);
    holder.hidden = true;
    var source = figure.getAttribute("data-kind") === "iiif" ? tiles : { type: "image", url: tiles };
    var osd = window.OpenSeadragon({
      element: viewer, tileSources: source, prefixUrl: imagesPrefix, showNavigator: false, drawer: "canvas",
      crossOriginPolicy: false,
      gestureSettingsMouse: { clickToZoom: false }, visibilityRatio: 1, minZoomImageRatio: 0.9
    });
    osd.addHandler("open", function () {
      if (!width) { return; }
      Array.prototype.forEach.call(holder.querySelectorAll(".zone-box"), function (box) {
        var clone = box.cloneNode(true);
        clone.style.cssText = "";
        var left = parseFloat(box.style.left) / 100, top = parseFloat(box.style.top) / 100;
        var w = parseFloat(box.style.width) / 100, h = parseFloat(box.style.height) / 100;
        var ratio = height / width;
        osd.addOverlay({ element: clone, location: new window.OpenSeadragon.Rect(left, top * ratio, w, h * ratio) });
      });
      figure.setAttribute("data-viewer", "ready");
    });
  }

  // One page at a time: the one the address names, else the first.
  var pager = document.createElement("div");
  pager.className = "facs-step";
  var previous = document.createElement("button");
  var next = document.createElement("button");
  var where = document.createElement("span");
  previous.type = next.type = "button";
  previous.textContent = "← " + strings.previous;
  next.textContent = strings.next + " →";
  where.setAttribute("aria-live", "polite");
  pager.appendChild(previous); pager.appendChild(where); pager.appendChild(next);
  var list = document.querySelector(".facs-pager");
  list.parentNode.insertBefore(pager, list.nextSibling);

  function current() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var index = pages.findIndex(function (page) { return page.id === id; });
    return index < 0 ? 0 : index;
  }
  function show(index) {
    pages.forEach(function (page, i) { page.hidden = i !== index; });
    previous.disabled = index === 0;
    next.disabled = index === pages.length - 1;
    where.textContent = strings.of.replace("{n}", index + 1).replace("{count}", pages.length);
    var page = pages[index];
    if (!page.hasAttribute("data-ready")) {
      page.setAttribute("data-ready", "");
      deepZoom(page);
    }
  }
  function go(index) {
    window.history.replaceState(null, "", "#" + pages[index].id);
    show(index);
  }
  previous.addEventListener("click", function () { go(Math.max(0, current() - 1)); });
  next.addEventListener("click", function () { go(Math.min(pages.length - 1, current() + 1)); });
  window.addEventListener("hashchange", function () { show(current()); });
  document.body.classList.add("facs-enhanced");
  pages.forEach(function (page) { wrapLines(page.querySelector(".facs-text")); track(page); });
  show(current());
})();
