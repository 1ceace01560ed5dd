/* The apparatus on demand: a click on a variant's marker (°) opens its entry of the apparatus
   beside the passage, in a popover, instead of jumping to the list after the text; Escape or a
   click elsewhere closes it. Without this script the marker is a link to the entry. */
(function () {
  "use strict";

  var box = document.createElement("div");
  box.className = "app-popover";
  box.setAttribute("role", "dialog");
  box.hidden = true;
  document.body.appendChild(box);
  var opener = null;

  function close() {
    box.hidden = true;
    if (opener) { opener.setAttribute("aria-expanded", "false"); }
    opener = null;
  }

  document.addEventListener("click", function (event) {
    var marker = event.target.closest && event.target.closest("a.appref");
    if (!marker) {
      if (!box.contains(event.target)) { close(); }
      return;
    }
    var id = decodeURIComponent(marker.getAttribute("href").split("#")[1] || "");
    var entry = document.getElementById(id);
    if (!entry) { return; }  // (an entry on another page: the link goes there)
    event.preventDefault();
    if (opener === marker) { close(); return; }
    close();
    box.textContent = "";
    var copy = entry.cloneNode(true);
    copy.removeAttribute("id");
    Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (e) { e.removeAttribute("id"); });
    var list = document.createElement("ol");
    list.className = "apparatus";
    list.appendChild(copy);
    box.appendChild(list);
    var all = document.createElement("a");
    all.href = "#" + id;
    all.className = "app-popover-all";
    all.textContent = marker.getAttribute("data-all") || "↓";
    box.appendChild(all);
    var rect = marker.getBoundingClientRect();
    box.hidden = false;
    box.style.top = (window.scrollY + rect.bottom + 6) + "px";
    box.style.left = Math.max(8, Math.min(window.scrollX + rect.left - 20, window.scrollX + document.documentElement.clientWidth - box.offsetWidth - 8)) + "px";
    marker.setAttribute("aria-expanded", "true");
    opener = marker;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && opener) { var back = opener; close(); back.focus(); }
  });
})();
