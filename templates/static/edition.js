/* Enhancements only: every page works without this script.
   - "Cite" buttons beside paragraph numbers show and copy a citation of the paragraph.
   - The annotated-view switch (a checkbox that works by itself) is remembered across pages. */
(function () {
  "use strict";

  var template = document.body.getAttribute("data-cite-template") || "";
  var panel = document.getElementById("cite-panel");
  var output = document.getElementById("cite-output");
  var status = document.getElementById("cite-status");

  function pageUrl() {
    return window.location.href.split("#")[0];
  }

  function citation(id, n) {
    return template.split("{n}").join(n).split("{url}").join(pageUrl() + "#" + id);
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

  if (panel && output && template) {
    var buttons = document.querySelectorAll(".cite-button");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = citation(button.getAttribute("data-cite"), button.getAttribute("data-n"));
        output.textContent = text;
        panel.hidden = false;
        copy(text).then(function () {
          status.textContent = "Citation copied to the clipboard.";
        }, function () {
          status.textContent = "Select the citation above to copy it.";
        });
      });
    });
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
