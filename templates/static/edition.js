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

  function fill(text, id, n) {
    var url = window.location.href.split("#")[0] + "#" + id;
    return text.split(data.standIn).join(url).split("{id}").join(id).split("{n}").join(n);
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
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
      return { key: style.key, label: style.label, text: fill(style.text, id, n) };
    });
    output.textContent = all[0].text;
    styles.textContent = "";
    all.forEach(function (style) {
      var term = document.createElement("dt");
      term.textContent = style.label + " ";
      var again = document.createElement("button");
      again.type = "button";
      again.textContent = strings.copy;
      again.setAttribute("aria-label", strings.copyStyle.replace("{style}", style.label));
      again.addEventListener("click", function () { copied(copy(style.text)); });
      term.appendChild(again);
      var detail = document.createElement("dd");
      detail.textContent = style.text;
      styles.appendChild(term);
      styles.appendChild(detail);
    });
    panel.hidden = false;
    copied(copy(all[0].text));
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
