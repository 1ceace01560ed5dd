/* Search over the static index (search-index.js), without a server: words are matched
   without regard to case or accents; every word of the query must occur in a block. */
(function () {
  "use strict";

  var index = window.EDITION_SEARCH_INDEX || [];
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  // The interface's words in the page's language (the page carries them when it is not English).
  var strings = { one: "{n} passage matches “{q}”.", many: "{n} passages match “{q}”." };
  var given = document.getElementById("search-strings");
  if (given) { try { Object.assign(strings, JSON.parse(given.textContent)); } catch (e) { /* keep English */ } }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');
  }

  var folded = index.map(function (record) { return fold(record.t); });

  function snippet(record, position, length) {
    var start = Math.max(0, position - 80);
    var end = Math.min(record.t.length, position + length + 120);
    var item = document.createElement("p");
    item.appendChild(document.createTextNode((start > 0 ? "…" : "") + record.t.slice(start, position)));
    var mark = document.createElement("mark");
    mark.textContent = record.t.slice(position, position + length);
    item.appendChild(mark);
    item.appendChild(document.createTextNode(record.t.slice(position + length, end) + (end < record.t.length ? "…" : "")));
    return item;
  }

  function search(query) {
    list.textContent = "";
    var phrase = fold(query.trim());
    if (!phrase) { status.textContent = ""; return; }
    var words = phrase.split(/\s+/);
    var hits = [];
    folded.forEach(function (text, i) {
      if (words.every(function (word) { return text.indexOf(word) !== -1; })) {
        var at = text.indexOf(phrase);
        hits.push({ record: index[i], at: at, exact: at !== -1, first: text.indexOf(words[0]), length: at !== -1 ? phrase.length : words[0].length });
      }
    });
    hits.sort(function (a, b) { return (b.exact - a.exact); });
    var message = hits.length === 1 ? strings.one : strings.many;
    status.textContent = message.replace("{n}", String(hits.length)).replace("{q}", function () { return query.trim(); });
    hits.slice(0, 100).forEach(function (hit) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = hit.record.u;
      link.textContent = hit.record.d + (hit.record.l ? ", " + hit.record.l : "");
      li.appendChild(link);
      li.appendChild(snippet(hit.record, hit.exact ? hit.at : hit.first, hit.length));
      list.appendChild(li);
    });
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  if (input) {
    input.value = query;
    input.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      try { window.history.replaceState(null, "", url.toString()); } catch (e) { /* file:// may refuse */ }
      search(input.value);
    });
  }
  search(query);
})();
