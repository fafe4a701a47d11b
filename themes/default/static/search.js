// mentorlog search: looks through search-index.json in the browser.
//
// The page works without this script (it explains where to browse instead). Nothing is
// sent anywhere: the index is fetched from this site once and searched locally. Results
// are built with DOM methods only (no innerHTML), so text from the log is never parsed
// as HTML. No inline styles: visibility changes go through the `hidden` attribute.
(function () {
  "use strict";

  var form = document.querySelector("form.search-form");
  if (!form || !window.fetch) {
    return;
  }
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search_status");
  var results = document.getElementById("search_results");
  var nojs = document.getElementById("search_nojs");
  var indexUrl = form.getAttribute("data-index");
  var MAX = 50;
  var docs = null;
  var loading = null;
  var timer = null;

  if (nojs) {
    nojs.hidden = true;
  }

  // Lower case, accents removed: "Wróbel" matches "wrobel".
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function load() {
    if (!loading) {
      loading = fetch(indexUrl, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (index) {
          docs = (index.docs || []).map(function (d) {
            return {
              doc: d,
              title: fold(d.title || ""),
              text: fold((d.text || "") + " " + (d.meta || ""))
            };
          });
          return docs;
        });
    }
    return loading;
  }

  function terms(query) {
    return fold(query)
      .split(/\s+/)
      .filter(function (t) {
        return t.length > 0;
      });
  }

  function score(entry, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      var inTitle = entry.title.indexOf(w) !== -1;
      var inText = entry.text.indexOf(w) !== -1;
      if (!inTitle && !inText) {
        return 0;
      }
      total += (inTitle ? 10 : 0) + (inText ? 1 : 0);
    }
    return total;
  }

  // A piece of the text around the first word found, with the words marked.
  function snippet(doc, words) {
    var text = (doc.text || "").replace(/\s+/g, " ");
    var folded = fold(text);
    var at = -1;
    for (var i = 0; i < words.length && at === -1; i++) {
      at = folded.indexOf(words[i]);
    }
    var start = Math.max(0, at - 60);
    var end = Math.min(text.length, (at === -1 ? 0 : at) + 140);
    // Cut at spaces, not inside words.
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space !== -1 && space < at ? space + 1 : start;
    }
    if (end < text.length) {
      var last = text.lastIndexOf(" ", end);
      end = last > at ? last : end;
    }
    var piece = (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
    return highlight(piece, words);
  }

  function highlight(text, words) {
    var fragment = document.createDocumentFragment();
    var folded = fold(text);
    var pos = 0;
    while (pos < text.length) {
      var next = -1;
      var len = 0;
      for (var i = 0; i < words.length; i++) {
        var at = folded.indexOf(words[i], pos);
        if (at !== -1 && (next === -1 || at < next)) {
          next = at;
          len = words[i].length;
        }
      }
      if (next === -1) {
        fragment.appendChild(document.createTextNode(text.slice(pos)));
        break;
      }
      fragment.appendChild(document.createTextNode(text.slice(pos, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + len);
      fragment.appendChild(mark);
      pos = next + len;
    }
    return fragment;
  }

  function show(query) {
    var words = terms(query);
    while (results.firstChild) {
      results.removeChild(results.firstChild);
    }
    if (words.length === 0) {
      status.textContent = "";
      return;
    }
    var found = [];
    for (var i = 0; i < docs.length; i++) {
      var s = score(docs[i], words);
      if (s > 0) {
        found.push({ score: s, order: i, doc: docs[i].doc });
      }
    }
    found.sort(function (a, b) {
      return b.score - a.score || a.order - b.order;
    });
    var n = found.length;
    var q = { query: query.trim(), n: n, max: MAX };
    status.textContent =
      n === 0
        ? say("nothing", "Nothing found for “{query}”.", q)
        : say(n === 1 ? "one" : "many", n === 1 ? "{n} result for “{query}”" : "{n} results for “{query}”", q) +
          (n > MAX ? say("more", ", the first {max} shown.", q) : ".");
    if (n === 0) {
      return;
    }
    var list = document.createElement("ol");
    list.className = "search-list";
    found.slice(0, MAX).forEach(function (hit) {
      var d = hit.doc;
      var item = document.createElement("li");
      item.className = "search-hit search-" + d.kind;
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = d.url;
      link.appendChild(highlight(d.title, words));
      heading.appendChild(link);
      var meta = document.createElement("p");
      meta.className = "meta";
      var kind = document.createElement("span");
      kind.className = "kind kind-" + d.kind;
      kind.textContent = say("kind-" + d.kind, d.kind, {});
      meta.appendChild(kind);
      meta.appendChild(document.createTextNode(" " + d.meta));
      var text = document.createElement("p");
      text.className = "snippet";
      text.appendChild(snippet(d, words));
      item.appendChild(heading);
      item.appendChild(meta);
      item.appendChild(text);
      list.appendChild(item);
    });
    results.appendChild(list);
  }

  // The page's words, in the site's language: the form's `data-t-NAME` attributes
  // (search.html fills them from the translation table), `{name}` filled from `values`.
  function say(name, fallback, values) {
    var key = "t" + name.replace(/(^|-)([a-z])/g, function (_, __, c) {
      return c.toUpperCase();
    });
    var text = form.dataset[key] || fallback;
    return text.replace(/\{(\w+)\}/g, function (all, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : all;
    });
  }

  function run(query, remember) {
    if (remember && window.history && window.history.replaceState) {
      var url = new URL(window.location.href);
      if (query.trim()) {
        url.searchParams.set("q", query);
      } else {
        url.searchParams.delete("q");
      }
      window.history.replaceState(null, "", url.toString());
    }
    if (docs) {
      show(query);
      return;
    }
    status.textContent = say("loading", "Loading the index…", {});
    load().then(
      function () {
        show(input.value);
      },
      function () {
        status.textContent = say("failed", "The search index could not be loaded.", {});
        if (nojs) {
          nojs.hidden = false;
        }
      }
    );
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(input.value, true);
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      run(input.value, true);
    }, 150);
  });

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial, false);
  }
})();
