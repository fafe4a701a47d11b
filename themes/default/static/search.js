// mentorlog search: finds words in this site's search index, in the browser, fetching
// only the parts of the index a query needs.
//
// The page works without this script: its form reloads the page with ?q=, and a note says
// where to browse instead (the script hides it). What is typed is sent nowhere: the
// requests are for this site's own index files, named by number (which term shards a
// query fetches tells the host about where in the alphabet its words are, no more; see
// docs/publishing.md). The index (documented in
// src/render/search.rs) comes in three kinds of file: search/index.json, the manifest;
// search/terms/K.json, the words in ranges of sorted words, each with the documents it is
// in; search/docs/K.json, the documents in ranges of ids. A query fetches the manifest
// once, the term shard of each of its words, and the document shards of the results it
// shows: the first ten, then as many more as the shards already fetched hold (a common
// word's results cluster); a button shows the next ones.
//
// Results are built with DOM methods only (no innerHTML), so text from the log is never
// parsed as HTML. No inline styles: visibility changes go through the `hidden` attribute.
(function () {
  "use strict";

  var form = document.querySelector("form.search-form");
  if (!form || !window.fetch || !window.URL || !String.prototype.normalize || !window.Int32Array) {
    return;
  }
  var WORD;
  try {
    WORD = new RegExp("[\\p{Alphabetic}\\p{N}]", "u");
  } catch (e) {
    return;
  }
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search_status");
  var results = document.getElementById("search_results");
  var nojs = document.getElementById("search_nojs");
  var manifestUrl = new URL(form.getAttribute("data-index"), window.location.href);
  // As src/render/search.rs: characters kept of a word.
  var MAX_TERM = 40;
  // Results whose documents are fetched at once, and how many more may be shown from the
  // shards already fetched.
  var FIRST = 10;
  var MORE = 40;
  // At most this many words of a query are looked up.
  var MAX_WORDS = 10;
  var MARKS = /[\u0300-\u036f]/g;
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var VALUE = {};
  for (var d = 0; d < DIGITS.length; d++) {
    VALUE[DIGITS.charAt(d)] = d;
  }
  var index = null;
  var current = 0;
  var timer = null;

  if (nojs) {
    nojs.hidden = true;
  }

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  // One character as the index folds it: lower case, decomposed, accents removed.
  function fold(ch) {
    return ch.toLowerCase().normalize("NFD").replace(MARKS, "").replace(/\u03c2/g, "\u03c3");
  }

  // Han, Hiragana and Katakana: each character a word.
  function cjk(cp) {
    return (
      (cp >= 0x3040 && cp <= 0x30ff) ||
      (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0x20000 && cp <= 0x2fa1f)
    );
  }

  // The words of `text` as the index has them (`words` in src/render/search.rs): each
  // {term, from, to}, `from` and `to` being where the word starts and ends in `text`.
  function words(text) {
    var out = [];
    var term = "";
    var count = 0;
    var from = 0;
    var to = 0;
    function end() {
      if (term) {
        out.push({ term: term, from: from, to: to });
      }
      term = "";
      count = 0;
    }
    function add(c, at, next) {
      if (count === 0) {
        from = at;
      }
      if (count < MAX_TERM) {
        term += c;
      }
      count++;
      to = next;
    }
    var i = 0;
    while (i < text.length) {
      var cp = text.codePointAt(i);
      var next = i + (cp > 0xffff ? 2 : 1);
      var ch = text.slice(i, next);
      var folded = cp < 0x80 ? ch.toLowerCase() : fold(ch);
      var j = 0;
      while (j < folded.length) {
        var fcp = folded.codePointAt(j);
        var c = folded.slice(j, j + (fcp > 0xffff ? 2 : 1));
        j += c.length;
        if (cjk(fcp)) {
          end();
          add(c, i, next);
          end();
        } else if (WORD.test(c)) {
          add(c, i, next);
        } else {
          end();
        }
      }
      i = next;
    }
    end();
    return out;
  }

  // A query's words: {term, prefix}. A word of two characters or more finds the words
  // that start with it ("revi" finds "reviews"); a single character, only itself.
  function queryTerms(query) {
    var seen = {};
    var out = [];
    words(query).forEach(function (w) {
      if (!own(seen, w.term) && out.length < MAX_WORDS) {
        seen[w.term] = true;
        out.push({ term: w.term, prefix: Array.from(w.term).length >= 2 });
      }
    });
    return out;
  }

  function matches(term, terms) {
    for (var i = 0; i < terms.length; i++) {
      var q = terms[i];
      if (q.prefix ? term.lastIndexOf(q.term, 0) === 0 : term === q.term) {
        return true;
      }
    }
    return false;
  }

  // Strings by code point, as Rust sorts the terms.
  function compare(a, b) {
    var i = 0;
    while (i < a.length && i < b.length) {
      var x = a.codePointAt(i);
      var y = b.codePointAt(i);
      if (x !== y) {
        return x < y ? -1 : 1;
      }
      i += x > 0xffff ? 2 : 1;
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }

  // Calls `each` with every id of a posting list (see "Posting lists" in search.rs).
  function decode(list, each) {
    var bitmap = list.charAt(0) === ".";
    var i = bitmap ? 1 : 0;
    var n = 0;
    var last = -1;
    for (; i < list.length; i++) {
      var v = VALUE[list.charAt(i)];
      n = n * 32 + (v & 31);
      if (v < 32) {
        if (bitmap) {
          last = n;
          i++;
          break;
        }
        last = last < 0 ? n : last + n + 1;
        each(last);
        n = 0;
      }
    }
    if (bitmap) {
      for (var at = last; i < list.length; i++, at += 6) {
        var bits = VALUE[list.charAt(i)];
        for (var b = 0; b < 6; b++) {
          if (bits & (1 << b)) {
            each(at + b);
          }
        }
      }
    }
  }

  // The index changed under us: a shard is not the one the manifest names (a deploy between
  // two requests).
  function Stale() {}

  function get(url, fresh) {
    return fetch(url, { credentials: "same-origin", cache: fresh ? "no-cache" : "default" }).then(
      function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      }
    );
  }

  // The manifest, once; shards are fetched as queries need them.
  function load() {
    if (!index) {
      var state = { manifest: null, starts: [], terms: {}, docs: {}, got: { terms: {}, docs: {} } };
      state.sums = { terms: "", docs: "" };
      state.ready = get(manifestUrl.href, true).then(function (m) {
        if (m.version !== 2) {
          throw new Error("unknown index version " + m.version);
        }
        state.manifest = m;
        state.sums = { terms: m.term_sums, docs: m.doc_sums };
        decode(m.doc_shards, function (start) {
          state.starts.push(start);
        });
        return state;
      });
      state.ready.catch(function () {
        if (index === state) {
          index = null;
        }
      });
      index = state;
    }
    return index.ready;
  }

  // Shard `k` of `kind` ("terms" or "docs"), fetched once, and checked: its checksum is
  // the one the manifest lists (and is in its URL, so that no cache answers with another).
  function shard(state, kind, k) {
    var cache = state[kind];
    if (!own(cache, k)) {
      var sum = state.sums[kind].substr(4 * k, 4);
      var url = new URL(kind + "/" + k + ".json?v=" + encodeURIComponent(sum), manifestUrl);
      cache[k] = get(url.href, false).then(function (s) {
        if (!sum || s.sum !== sum) {
          throw new Stale();
        }
        state.got[kind][k] = s;
        return s;
      });
      cache[k].catch(function () {
        delete cache[k];
      });
    }
    return cache[k];
  }

  // The term shards that may hold a query word: the one its place falls in, and for a
  // prefix the following ones that start with it.
  function termShards(m, q) {
    var firsts = m.terms;
    if (!firsts.length) {
      return [];
    }
    var lo = 0;
    var hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (compare(firsts[mid], q.term) <= 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    var out = [lo];
    for (var k = lo + 1; q.prefix && k < firsts.length && firsts[k].lastIndexOf(q.term, 0) === 0; k++) {
      out.push(k);
    }
    return out;
  }

  function docShard(state, id) {
    var starts = state.starts;
    var lo = 0;
    var hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= id) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  function unique(list) {
    var seen = {};
    return list.filter(function (x) {
      if (own(seen, x)) {
        return false;
      }
      seen[x] = true;
      return true;
    });
  }

  // The ids of the documents holding every word, best first: a word in the title counts
  // ten, in the text or line one; equal scores keep the site's order.
  function find(state, terms) {
    var m = state.manifest;
    var shardsOf = terms.map(function (q) {
      return termShards(m, q);
    });
    var need = unique([].concat.apply([], shardsOf));
    return Promise.all(
      need.map(function (k) {
        return shard(state, "terms", k);
      })
    ).then(function () {
      var n = m.docs;
      var score = new Int32Array(n);
      var matched = new Uint8Array(n);
      terms.forEach(function (q, i) {
        var flags = new Uint8Array(n);
        function mark(lists) {
          decode(lists[0], function (id) {
            flags[id] |= 1;
          });
          decode(lists[1], function (id) {
            flags[id] |= 2;
          });
        }
        shardsOf[i].forEach(function (k) {
          var all = state.got.terms[k].terms;
          if (!q.prefix) {
            if (own(all, q.term)) {
              mark(all[q.term]);
            }
            return;
          }
          for (var t in all) {
            if (own(all, t) && t.lastIndexOf(q.term, 0) === 0) {
              mark(all[t]);
            }
          }
        });
        for (var id = 0; id < n; id++) {
          if (flags[id] && matched[id] === i) {
            matched[id]++;
            score[id] += (flags[id] & 1 ? 10 : 0) + (flags[id] & 2 ? 1 : 0);
          }
        }
      });
      var hits = [];
      for (var id = 0; id < n; id++) {
        if (matched[id] === terms.length) {
          hits.push(id);
        }
      }
      hits.sort(function (a, b) {
        return score[b] - score[a] || a - b;
      });
      return hits;
    });
  }

  // `text` with the words a query finds marked.
  function highlight(text, terms) {
    var fragment = document.createDocumentFragment();
    var pos = 0;
    words(text).forEach(function (w) {
      if (!matches(w.term, terms)) {
        return;
      }
      if (w.from > pos) {
        fragment.appendChild(document.createTextNode(text.slice(pos, w.from)));
      }
      var mark = document.createElement("mark");
      mark.textContent = text.slice(w.from, w.to);
      fragment.appendChild(mark);
      pos = w.to;
    });
    if (pos < text.length) {
      fragment.appendChild(document.createTextNode(text.slice(pos)));
    }
    return fragment;
  }

  // A piece of the text around the first word found, with the words marked.
  function snippet(raw, terms) {
    var text = raw.replace(/\s+/g, " ");
    var at = -1;
    var all = words(text);
    for (var i = 0; i < all.length; i++) {
      if (matches(all[i].term, terms)) {
        at = all[i].from;
        break;
      }
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
    return highlight(piece, terms);
  }

  function hitItem(doc, terms) {
    var kind = doc[0];
    var item = document.createElement("li");
    item.className = "search-hit search-" + kind;
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = doc[2];
    link.appendChild(highlight(doc[1], terms));
    heading.appendChild(link);
    var meta = document.createElement("p");
    meta.className = "meta";
    var label = document.createElement("span");
    label.className = "kind kind-" + kind;
    label.textContent = say("kind-" + kind, kind, {});
    meta.appendChild(label);
    meta.appendChild(document.createTextNode(" " + doc[3]));
    var text = document.createElement("p");
    text.className = "snippet";
    text.appendChild(snippet(doc[4], terms));
    item.appendChild(heading);
    item.appendChild(meta);
    item.appendChild(text);
    return item;
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

  function clear() {
    while (results.firstChild) {
      results.removeChild(results.firstChild);
    }
  }

  function announce(view) {
    var n = view.hits.length;
    var q = { query: view.query.trim(), n: n, max: view.shown };
    status.textContent =
      say(n === 1 ? "one" : "many", n === 1 ? "{n} result for “{query}”" : "{n} results for “{query}”", q) +
      (view.shown < n ? say("more", ", the first {max} shown.", q) : ".");
  }

  // Shows the next results: fetches the document shards of the next FIRST, then goes on
  // while the following results' shards are already here. Resolves to the first new item.
  function reveal(view) {
    var state = view.state;
    var hits = view.hits;
    var until = Math.min(hits.length, view.shown + FIRST);
    var need = unique(
      hits.slice(view.shown, until).map(function (id) {
        return docShard(state, id);
      })
    );
    return Promise.all(
      need.map(function (k) {
        return shard(state, "docs", k);
      })
    ).then(function () {
      if (view.ticket !== current) {
        return null;
      }
      var limit = Math.min(hits.length, until + MORE);
      while (until < limit && own(state.got.docs, docShard(state, hits[until]))) {
        until++;
      }
      var first = null;
      for (var i = view.shown; i < until; i++) {
        var s = state.got.docs[docShard(state, hits[i])];
        var item = hitItem(s.docs[hits[i] - s.first], view.terms);
        view.list.appendChild(item);
        first = first || item;
      }
      view.shown = until;
      announce(view);
      if (view.shown >= hits.length && view.more) {
        view.more.parentNode.removeChild(view.more);
        view.more = null;
      } else if (view.shown < hits.length && !view.more) {
        view.more = moreButton(view);
        results.appendChild(view.more);
      }
      return first;
    });
  }

  function moreButton(view) {
    var p = document.createElement("p");
    p.className = "search-more";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = say("show-more", "Show more results", {});
    button.addEventListener("click", function () {
      button.disabled = true;
      reveal(view).then(
        function (first) {
          button.disabled = false;
          var link = first && first.querySelector("a");
          if (link) {
            link.focus();
          }
        },
        function (e) {
          button.disabled = false;
          if (e instanceof Stale && view.ticket === current) {
            // A new index since the first results: search it again.
            index = null;
            attempt(view.query, view.terms, view.ticket, false);
            return;
          }
          failed(view.ticket);
        }
      );
    });
    p.appendChild(button);
    return p;
  }

  function failed(ticket) {
    if (ticket !== current) {
      return;
    }
    status.textContent = say("failed", "The search index could not be loaded.", {});
    if (nojs) {
      nojs.hidden = false;
    }
  }

  function attempt(query, terms, ticket, retry) {
    load()
      .then(function (state) {
        return find(state, terms).then(function (hits) {
          if (ticket !== current) {
            return null;
          }
          clear();
          if (hits.length === 0) {
            status.textContent = say("nothing", "Nothing found for “{query}”.", { query: query.trim() });
            return null;
          }
          var list = document.createElement("ol");
          list.className = "search-list";
          results.appendChild(list);
          var view = { state: state, query: query, terms: terms, hits: hits, shown: 0, list: list, more: null, ticket: ticket };
          return reveal(view);
        });
      })
      .catch(function (e) {
        if (ticket !== current) {
          return;
        }
        if (e instanceof Stale && retry) {
          index = null;
          attempt(query, terms, ticket, false);
          return;
        }
        failed(ticket);
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
    var ticket = ++current;
    var terms = queryTerms(query);
    if (terms.length === 0) {
      clear();
      status.textContent = "";
      return;
    }
    if (!index || !index.manifest) {
      status.textContent = say("loading", "Loading the index…", {});
    }
    attempt(query, terms, ticket, true);
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
