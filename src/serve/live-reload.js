// mentorlog live reload: served by `mentorlog serve` only, never part of a build.
//
// Listens to the server's events for this page (server-sent events). Each event gives the
// page's version now (`tag`) and the errors of the last rebuild. Errors are drawn in an
// overlay; a new version of the page reloads it; a server that went away is waited for,
// and a restarted one (another tag) reloads the page. Messages are put in the page with
// textContent only: a file's text is never parsed as HTML.
(function () {
  "use strict";
  var me = document.currentScript;
  var pageTag = (me && me.getAttribute("data-site")) || "";
  var eventsUrl = new URL(
    "/__mentorlog/events?page=" + encodeURIComponent(location.pathname),
    (me && me.src) || location.href
  );
  var state = (window.__mentorlogLive = {
    connected: false,
    tag: pageTag,
    errors: 0,
    reloading: false,
  });
  var delay = 500;
  var host = null;

  var CSS =
    ":host{all:initial}" +
    ".box{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.72);" +
    "font:15px/1.5 system-ui,sans-serif;color:#1d1d20;padding:4vh 4vw}" +
    ".panel{max-width:60rem;margin:0 auto;background:#fff;border-top:6px solid #c62828;" +
    "border-radius:6px;padding:1.25rem 1.5rem;box-shadow:0 8px 40px rgba(0,0,0,.4)}" +
    "h2{margin:0 0 .25rem;font-size:1.25rem;color:#b71c1c}" +
    "p{margin:.25rem 0}" +
    "section{border-top:1px solid #ddd;margin-top:1rem;padding-top:.75rem}" +
    ".where{font:600 14px ui-monospace,monospace;color:#333}" +
    ".message{font-weight:600}" +
    "pre{background:#f6f6f8;padding:.75rem;overflow:auto;font:13px/1.4 ui-monospace,monospace;white-space:pre}" +
    ".hint{color:#2e5e2e}" +
    "button{font:inherit;margin-top:1rem;padding:.35rem .9rem;border:1px solid #888;border-radius:4px;background:#f4f4f4;cursor:pointer}" +
    "button:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}" +
    "@media (prefers-color-scheme:dark){.panel{background:#202124;color:#e8e8ea}" +
    ".where{color:#ddd}pre{background:#2b2c30}.hint{color:#9ccc9c}h2{color:#ff8a80}" +
    "button{background:#333;color:#eee}}";

  function el(name, cls, text) {
    var e = document.createElement(name);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function showOverlay(errors) {
    hideOverlay();
    host = document.createElement("div");
    host.id = "mentorlog-overlay";
    var root = host.attachShadow({ mode: "open" });
    var style = document.createElement("style");
    style.textContent = CSS;
    root.appendChild(style);
    var box = el("div", "box");
    var panel = el("div", "panel");
    panel.setAttribute("role", "alertdialog");
    panel.setAttribute("aria-labelledby", "mentorlog-title");
    var title = el(
      "h2",
      null,
      errors.length === 1 ? "The site does not build: 1 error" : "The site does not build: " + errors.length + " errors"
    );
    title.id = "mentorlog-title";
    panel.appendChild(title);
    panel.appendChild(
      el("p", null, "The site below is the last version that built. Fix the problem and save: this message goes away by itself.")
    );
    errors.forEach(function (e) {
      var s = el("section", "error");
      var where = e.path + (e.line ? ":" + e.line + ":" + e.column : "");
      s.appendChild(el("p", "where", where));
      s.appendChild(el("p", "message", e.message));
      // The snippet is the message as the terminal shows it: source line, marker, hint.
      if (e.snippet) s.appendChild(el("pre", null, e.snippet));
      else if (e.hint) s.appendChild(el("p", "hint", "Hint: " + e.hint));
      panel.appendChild(s);
    });
    var hide = el("button", null, "Hide until the next change");
    hide.type = "button";
    hide.addEventListener("click", hideOverlay);
    panel.appendChild(hide);
    box.appendChild(panel);
    root.appendChild(box);
    (document.body || document.documentElement).appendChild(host);
  }

  function hideOverlay() {
    if (host && host.parentNode) host.parentNode.removeChild(host);
    host = null;
  }

  function onStatus(event) {
    var status;
    try {
      status = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    delay = 500;
    state.connected = true;
    state.errors = status.errors.length;
    if (status.errors.length) {
      showOverlay(status.errors);
      return;
    }
    hideOverlay();
    if (status.tag !== pageTag && !state.reloading) {
      state.reloading = true;
      location.reload();
    }
  }

  function connect() {
    var source = new EventSource(eventsUrl);
    source.addEventListener("status", onStatus);
    source.onerror = function () {
      state.connected = false;
      // While CONNECTING the browser retries by itself; a refused answer closes the
      // stream, and then it is up to us.
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 5000);
      }
    };
  }

  connect();
})();
