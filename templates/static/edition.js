/* Enhancements only: every page works without this script.
   - "Cite" buttons beside paragraph numbers show the paragraph's citation in Chicago, MLA and
     APA (formatted at build time by citeproc) and copy the Chicago note to the clipboard.
   - The annotated-view switch (a checkbox that works by itself) is remembered across pages. */
(function () {
  "use strict";

  var panel = document.getElementById("cite-panel");
  var output = document.getElementById("cite-output");
  var styles = document.getElementById("cite-styles");
  var status = document.getElementById("cite-status");
  var dataElement = document.getElementById("cite-data");
  var data = dataElement ? JSON.parse(dataElement.textContent) : null;

  // The paragraph's address: the page of the release the citation names (data.page, relative
  // to this page, when the site has no base URL), else this page.
  function address(id) {
    var page = data.page ? new URL(data.page, window.location.href).href : window.location.href;
    return page.split("#")[0] + "#" + id;
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // Citations come as plain text (copied) and as HTML (shown; the book's title in <i>). The
  // HTML is the builder's, escaped by it; what is filled in here is escaped here.
  function fill(text, id, n, html) {
    var url = html ? escapeHtml(address(id)) : address(id);
    var safeId = html ? escapeHtml(id) : id;
    var safeN = html ? escapeHtml(n) : n;
    return text.split(data.standIn).join(url).split("{id}").join(safeId).split("{n}").join(safeN);
  }

  // Both flavours on the clipboard where the browser allows it, so that a word processor keeps
  // the italics; plain text otherwise.
  function copy(text, html) {
    if (navigator.clipboard && window.isSecureContext) {
      if (html && window.ClipboardItem && navigator.clipboard.write) {
        var item = new window.ClipboardItem({
          "text/plain": new Blob([text], { type: "text/plain" }),
          "text/html": new Blob([html], { type: "text/html" })
        });
        return navigator.clipboard.write([item]).catch(function () { return navigator.clipboard.writeText(text); });
      }
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  // The interface's words in the page's language (the page carries them when it is not English).
  var strings = { copied: "Citation copied to the clipboard.", select: "Select a citation above to copy it.",
                  copy: "Copy", copyStyle: "Copy the {style} citation" };
  var given = document.getElementById("edition-strings");
  if (given) { try { Object.assign(strings, JSON.parse(given.textContent)); } catch (e) { /* keep English */ } }

  function copied(promise) {
    promise.then(function () {
      status.textContent = strings.copied;
    }, function () {
      status.textContent = strings.select;
    });
  }

  function show(id, n) {
    var all = data.styles.map(function (style) {
      return { key: style.key, label: style.label, text: fill(style.text, id, n, false),
               html: fill(style.html || escapeHtml(style.text), id, n, true) };
    });
    output.innerHTML = all[0].html;
    styles.textContent = "";
    all.forEach(function (style) {
      var term = document.createElement("dt");
      term.textContent = style.label + " ";
      var again = document.createElement("button");
      again.type = "button";
      again.textContent = strings.copy;
      again.setAttribute("aria-label", strings.copyStyle.replace("{style}", style.label));
      again.addEventListener("click", function () { copied(copy(style.text, style.html)); });
      term.appendChild(again);
      var detail = document.createElement("dd");
      detail.innerHTML = style.html;
      styles.appendChild(term);
      styles.appendChild(detail);
    });
    panel.hidden = false;
    copied(copy(all[0].text, all[0].html));
  }

  if (panel && data) {
    Array.prototype.forEach.call(document.querySelectorAll(".cite-button"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        show(button.getAttribute("data-cite"), button.getAttribute("data-n"));
      });
    });
    var close = document.getElementById("cite-close");
    if (close) { close.addEventListener("click", function () { panel.hidden = true; }); }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { panel.hidden = true; }
    });
  }

  var toggle = document.getElementById("annotated-view");
  if (toggle) {
    try {
      toggle.checked = window.localStorage.getItem("edition-annotated") === "1";
      toggle.addEventListener("change", function () {
        window.localStorage.setItem("edition-annotated", toggle.checked ? "1" : "0");
      });
    } catch (e) {
      /* Storage may be unavailable (file://, private windows): the switch still works. */
    }
  }
})();
