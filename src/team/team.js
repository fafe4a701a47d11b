// mentorlog team: opens the encrypted team site under /team/ in the browser (issue 16).
//
// The passphrase is turned into the site's key with PBKDF2-HMAC-SHA256 (WebCrypto), the
// encrypted manifest is opened with it (a wrong passphrase fails here), and each page is
// fetched as the opaque file the manifest names, decrypted (AES-256-GCM) and shown in
// this page: its body replaces this one's, links are rewritten to `#/ID` so that the
// address bar, the history and the host's logs never hold a page's path, and the back
// button moves between pages. The key (never the passphrase) stays in sessionStorage for
// the tab's session; "Lock" forgets it. A file that does not decrypt, or is not the one
// the manifest names, is refused whole: nothing of it is shown.
//
// Search: the team site's search page runs the public site's search.js (the same file),
// whose index requests this script answers with decrypted shards (`fetch` below).
//
// The format is src/team/crypto.rs's; docs/publishing.md describes it. No inline script,
// no eval, nothing from another host: the page runs under netlify.toml's CSP.
(function () {
  "use strict";

  var body = document.body;
  var TEAM = body.getAttribute("data-team-base");
  var PUBLIC = body.getAttribute("data-public-base");
  var SALT_HEX = body.getAttribute("data-salt");
  var ITERATIONS = parseInt(body.getAttribute("data-iterations"), 10);
  var STORE = "mentorlog-team-key " + TEAM + " " + SALT_HEX;
  var MAGIC = [0x4d, 0x4c, 0x54, 0x31];
  var HEADER = 36;
  var INFO = "mentorlog team v1 file";
  var form = document.getElementById("team_unlock");
  var input = document.getElementById("team_passphrase");
  var status = document.getElementById("team_status");
  var nojs = document.getElementById("team_nojs");
  var subtle = window.crypto && window.crypto.subtle;
  var realFetch = window.fetch ? window.fetch.bind(window) : null;

  // The opened site: { hkdf: CryptoKey, files: { path: { id, siv } }, byId: { id: path } }.
  var site = null;
  // The page shown: its virtual URL, for resolving its links.
  var here = null;
  // The anchor to scroll to once the next page is shown.
  var pendingAnchor = null;

  if (nojs) {
    nojs.hidden = true;
  }
  if (!subtle || !realFetch || !window.DOMParser || !window.TextEncoder) {
    form.hidden = false;
    input.disabled = true;
    say(
      "This browser cannot decrypt the log: it needs WebCrypto, which browsers give only to pages served over HTTPS."
    );
    return;
  }
  var encoder = new TextEncoder();

  function say(text) {
    status.textContent = text;
  }

  function Refused(message) {
    this.message = message;
  }

  function hex(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) {
      s += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    }
    return s;
  }

  function fromHex(text) {
    if (!text || text.length % 2 !== 0 || /[^0-9a-f]/.test(text)) {
      return null;
    }
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) {
      out[i] = parseInt(text.substr(i * 2, 2), 16);
    }
    return out;
  }

  function concat(a, b) {
    var out = new Uint8Array(a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    return out;
  }

  // Opens a sealed file published as `id`; `siv`, when given, is the one the manifest
  // names. Rejects with Refused when anything is wrong.
  function decrypt(hkdf, buffer, id, siv) {
    var bytes = new Uint8Array(buffer);
    if (bytes.length < HEADER + 16) {
      return Promise.reject(new Refused("too short"));
    }
    for (var i = 0; i < MAGIC.length; i++) {
      if (bytes[i] !== MAGIC[i]) {
        return Promise.reject(new Refused("not a sealed file"));
      }
    }
    var fileSiv = bytes.subarray(4, HEADER);
    if (siv && hex(fileSiv) !== siv) {
      return Promise.reject(new Refused("not the file of this build"));
    }
    return subtle
      .deriveBits(
        { name: "HKDF", hash: "SHA-256", salt: fileSiv, info: encoder.encode(INFO) },
        hkdf,
        44 * 8
      )
      .then(function (bits) {
        var okm = new Uint8Array(bits);
        return subtle
          .importKey("raw", okm.slice(0, 32), "AES-GCM", false, ["decrypt"])
          .then(function (key) {
            return subtle.decrypt(
              {
                name: "AES-GCM",
                iv: okm.slice(32, 44),
                additionalData: concat(bytes.subarray(0, HEADER), encoder.encode(id)),
                tagLength: 128,
              },
              key,
              bytes.subarray(HEADER)
            );
          });
      })
      .then(
        function (plain) {
          return new Uint8Array(plain);
        },
        function () {
          throw new Refused("does not decrypt");
        }
      );
  }

  function download(url) {
    return realFetch(url, { credentials: "same-origin", cache: "no-cache" }).then(function (r) {
      if (!r.ok) {
        throw new Error("HTTP " + r.status);
      }
      return r.arrayBuffer();
    });
  }

  // Opens the site with the key's bytes: the manifest decrypts, or the key is wrong.
  function open(master) {
    return subtle.importKey("raw", master, "HKDF", false, ["deriveBits"]).then(function (hkdf) {
      return download(TEAM + "site.bin").then(function (buffer) {
        return decrypt(hkdf, buffer, "site", null).then(function (plain) {
          var manifest = JSON.parse(new TextDecoder().decode(plain));
          var byId = {};
          Object.keys(manifest.files).forEach(function (path) {
            byId[manifest.files[path].id] = path;
          });
          site = { hkdf: hkdf, files: manifest.files, byId: byId };
        });
      });
    });
  }

  // The decrypted bytes of the team site's file at `path`.
  function get(path) {
    var entry = site.files[path];
    if (!entry) {
      return Promise.reject(new Error("no such page"));
    }
    return download(TEAM + "x/" + entry.id + ".bin").then(function (buffer) {
      return decrypt(site.hkdf, buffer, entry.id, entry.siv);
    });
  }

  var TYPES = {
    html: "text/html; charset=utf-8",
    css: "text/css",
    js: "text/javascript",
    json: "application/json",
    xml: "application/xml",
    ics: "text/calendar",
    svg: "image/svg+xml",
    png: "image/png",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    gif: "image/gif",
    webp: "image/webp",
    txt: "text/plain",
  };

  function typeOf(path) {
    var ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
    return TYPES[ext] || "application/octet-stream";
  }

  // The team site's path of a URL path under TEAM, or null.
  function teamPath(pathname) {
    if (pathname.indexOf(TEAM) !== 0) {
      return null;
    }
    var rel;
    try {
      rel = decodeURIComponent(pathname.slice(TEAM.length));
    } catch (e) {
      return null;
    }
    if (rel === "" || rel.charAt(rel.length - 1) === "/") {
      rel += "index.html";
    }
    return rel;
  }

  // The search script asks for the index with fetch: its files are answered decrypted.
  window.fetch = function (resource, init) {
    if (site) {
      var url = new URL(typeof resource === "string" ? resource : resource.url, window.location.href);
      var path = url.origin === window.location.origin ? teamPath(url.pathname) : null;
      if (path !== null && site.files[path]) {
        return get(path).then(function (bytes) {
          return new Response(bytes, { status: 200, headers: { "Content-Type": typeOf(path) } });
        });
      }
    }
    return realFetch(resource, init);
  };

  // The search script keeps the query in the address (`?q=`): that would reach the host
  // on a reload. It stays out of the address; the page is in the fragment.
  if (window.history && window.history.replaceState) {
    var realReplace = window.history.replaceState.bind(window.history);
    window.history.replaceState = function (state, title, url) {
      if (url !== undefined && url !== null) {
        var u = new URL(url, window.location.href);
        u.search = "";
        url = u.toString();
      }
      return realReplace(state, title, url);
    };
  }

  // Points a link of the team site at its page's fragment; other links stay.
  function rewriteLink(a) {
    var href = a.getAttribute("href");
    if (!href || href.indexOf("#/") === 0) {
      return;
    }
    if (href.charAt(0) === "#") {
      a.setAttribute("data-team-anchor", href.slice(1));
      return;
    }
    var url;
    try {
      url = new URL(href, here);
    } catch (e) {
      return;
    }
    if (url.origin !== window.location.origin) {
      return;
    }
    var path = teamPath(url.pathname);
    if (path === null || !site.files[path]) {
      return;
    }
    a.setAttribute("href", "#/" + site.files[path].id);
    if (url.hash.length > 1) {
      a.setAttribute("data-team-anchor", decodeURIComponent(url.hash.slice(1)));
    }
  }

  function rewrite(root) {
    if (root.matches && root.matches("a[href]")) {
      rewriteLink(root);
    }
    Array.prototype.forEach.call(root.querySelectorAll("a[href]"), rewriteLink);
    // Pictures of the team site: never requested by their path (the host would see it),
    // but decrypted and shown as data: URLs.
    Array.prototype.forEach.call(root.querySelectorAll("img[src]"), function (img) {
      var url = new URL(img.getAttribute("src"), here);
      var path = url.origin === window.location.origin ? teamPath(url.pathname) : null;
      if (path !== null && site.files[path]) {
        img.removeAttribute("src");
        img.setAttribute("data-team-src", path);
      }
    });
  }

  function loadPictures(root) {
    Array.prototype.forEach.call(root.querySelectorAll("img[data-team-src]"), function (img) {
      var path = img.getAttribute("data-team-src");
      img.removeAttribute("data-team-src");
      get(path).then(function (bytes) {
        img.src = "data:" + typeOf(path) + ";base64," + base64(bytes);
      });
    });
  }

  function base64(bytes) {
    var binary = "";
    for (var i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return window.btoa(binary);
  }

  function scrollToAnchor(name) {
    var target = name && document.getElementById(name);
    if (target) {
      target.scrollIntoView();
      if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus({ preventScroll: true });
    } else {
      window.scrollTo(0, 0);
    }
  }

  function lockButton() {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "team-lock";
    button.textContent = "Lock";
    button.addEventListener("click", lock);
    return button;
  }

  function lock() {
    window.sessionStorage.removeItem(STORE);
    site = null;
    window.location.replace(TEAM);
  }

  function showHtml(path, bytes) {
    var doc = new DOMParser().parseFromString(new TextDecoder().decode(bytes), "text/html");
    var scripts = [];
    Array.prototype.forEach.call(doc.querySelectorAll("script"), function (s) {
      if (s.getAttribute("src")) {
        scripts.push(new URL(s.getAttribute("src"), here));
      }
      s.remove();
    });
    rewrite(doc.body);
    document.title = doc.title;
    body.className = doc.body.className + " team-open";
    var nodes = Array.prototype.map.call(doc.body.childNodes, function (n) {
      return document.importNode(n, true);
    });
    body.replaceChildren.apply(body, nodes);
    loadPictures(body);
    var header = body.querySelector(".site-header .wrap") || body;
    header.appendChild(lockButton());
    // A script of the team site is a file of the theme: the public site's copy runs.
    scripts.forEach(function (url) {
      var rel = url.origin === window.location.origin ? teamPath(url.pathname) : null;
      if (rel !== null) {
        var s = document.createElement("script");
        s.src = PUBLIC + rel;
        body.appendChild(s);
      }
    });
  }

  function showFile(path, bytes) {
    var name = path.slice(path.lastIndexOf("/") + 1);
    var main = document.createElement("main");
    main.className = "wrap";
    main.id = "main_content";
    var h1 = document.createElement("h1");
    h1.textContent = name;
    var p = document.createElement("p");
    var a = document.createElement("a");
    a.download = name;
    a.href = "data:" + typeOf(path) + ";base64," + base64(bytes);
    a.textContent = "Download " + name;
    p.appendChild(a);
    var back = document.createElement("a");
    back.href = "#/" + site.files["index.html"].id;
    back.textContent = "Back to the team log";
    main.appendChild(h1);
    main.appendChild(p);
    if (/^(text|application\/(json|xml))/.test(typeOf(path))) {
      var pre = document.createElement("pre");
      pre.textContent = new TextDecoder().decode(bytes);
      main.appendChild(pre);
    }
    main.appendChild(back);
    document.title = name;
    body.className = "page-team team-open";
    body.replaceChildren(main);
    main.insertBefore(lockButton(), main.firstChild);
  }

  function showError(message) {
    var main = document.createElement("main");
    main.className = "wrap";
    main.id = "main_content";
    var h1 = document.createElement("h1");
    h1.textContent = "This page could not be opened";
    var p = document.createElement("p");
    p.className = "team-error";
    p.setAttribute("role", "alert");
    p.textContent = message;
    main.appendChild(h1);
    main.appendChild(p);
    if (site && site.files["index.html"]) {
      var back = document.createElement("a");
      back.href = "#/" + site.files["index.html"].id;
      back.textContent = "Back to the team log";
      main.appendChild(back);
    }
    body.className = "page-team team-open team-failed";
    body.replaceChildren(main);
    main.insertBefore(lockButton(), main.firstChild);
  }

  // Shows the page the fragment names (`#/ID`; none: the home page).
  function show() {
    var hash = window.location.hash;
    var path = "index.html";
    if (hash.indexOf("#/") === 0) {
      path = site.byId[hash.slice(2)] || "404.html";
    }
    here = new URL(TEAM + path.replace(/(^|\/)index\.html$/, "$1"), window.location.origin);
    var anchor = pendingAnchor;
    pendingAnchor = null;
    return get(path).then(
      function (bytes) {
        if (/\.html$/.test(path)) {
          showHtml(path, bytes);
        } else {
          showFile(path, bytes);
        }
        scrollToAnchor(anchor);
      },
      function (e) {
        showError(
          e instanceof Refused
            ? "A file of the team log was changed, or belongs to another build: it was refused, and nothing of it is shown. Reload the page; if this stays, tell whoever publishes the site."
            : "It could not be loaded (" + e.message + "). Check the connection and reload."
        );
      }
    );
  }

  document.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest("a[data-team-anchor]");
    if (!a || !site) {
      return;
    }
    var href = a.getAttribute("href");
    if (href.charAt(0) === "#" && href.indexOf("#/") !== 0) {
      event.preventDefault();
      scrollToAnchor(a.getAttribute("data-team-anchor"));
    } else if (href === window.location.hash) {
      event.preventDefault();
      scrollToAnchor(a.getAttribute("data-team-anchor"));
    } else {
      pendingAnchor = a.getAttribute("data-team-anchor");
    }
  });

  // A form of the team site never sends its fields to the host (the search form is the
  // search script's).
  document.addEventListener(
    "submit",
    function (event) {
      if (event.target !== form) {
        event.preventDefault();
      }
    },
    true
  );

  // Links added later (search results) are rewritten too.
  new MutationObserver(function (records) {
    if (!site) {
      return;
    }
    records.forEach(function (record) {
      Array.prototype.forEach.call(record.addedNodes, function (node) {
        if (node.nodeType === 1) {
          rewrite(node);
          loadPictures(node);
        }
      });
    });
  }).observe(body, { childList: true, subtree: true });

  window.addEventListener("hashchange", function () {
    if (site) {
      show();
    }
  });

  function unlocked(master) {
    try {
      window.sessionStorage.setItem(STORE, hex(master));
    } catch (e) {
      // Storage refused (private mode): the key lives as long as the page.
    }
    return show();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var passphrase = input.value.normalize("NFC");
    if (!passphrase) {
      return;
    }
    input.disabled = true;
    say("Unlocking…");
    var salt = fromHex(SALT_HEX);
    var master;
    subtle
      .importKey("raw", encoder.encode(passphrase), "PBKDF2", false, ["deriveBits"])
      .then(function (key) {
        return subtle.deriveBits(
          { name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: ITERATIONS },
          key,
          256
        );
      })
      .then(function (bits) {
        master = new Uint8Array(bits);
        return open(master);
      })
      .then(
        function () {
          input.value = "";
          return unlocked(master);
        },
        function (e) {
          input.disabled = false;
          input.select();
          say(
            e instanceof Refused
              ? "Wrong passphrase: it does not open this team log. Check it and try again."
              : "The team log could not be loaded (" + e.message + "). Check the connection and try again."
          );
        }
      );
  });

  var stored = null;
  try {
    stored = fromHex(window.sessionStorage.getItem(STORE));
  } catch (e) {
    stored = null;
  }
  if (stored) {
    open(stored).then(show, function () {
      window.sessionStorage.removeItem(STORE);
      form.hidden = false;
    });
  } else {
    form.hidden = false;
    input.focus();
  }
})();
