// Checks built mentorlog sites in headless Chromium, as `cargo test` asks
// (tests/cli/site_pages.rs):
//
//   node tests/browser/site-check.mjs ROOT [--netlify netlify.toml] [--jobs N]
//
// ROOT is a folder of built sites (each under its base path). It is served with the
// headers of netlify.toml, and then, for every HTML page under ROOT:
//   - no horizontal overflow at 360 px and at 1280 px wide;
//   - axe-core: zero violations of WCAG 2.0/2.1/2.2 A and AA (and axe's best practices),
//     with the reader's colour scheme light and dark, and at 360 px;
//   - zero Content-Security-Policy violations, zero script errors, no request to another
//     host, no failed request;
//   - one h1 and no skipped heading level;
// the search page finds something with JavaScript and its results pass axe too; every
// feed.xml and sitemap.xml parses as XML and each sitemap URL answers 200; and the Nu
// HTML Checker (vnu, run with Java) reports zero errors on every page.
//
// Prints what it found; exits 1 on any problem, 2 when it could not run at all.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM, netlifyHeaders, serve } from "./site-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i === -1) {
    return fallback;
  }
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const netlify = option("--netlify", join(here, "..", "..", "netlify.toml"));
const jobs = Number(option("--jobs", process.env.SITE_CHECK_JOBS || "2"));
const root = args[0];
if (!root) {
  console.error("usage: node site-check.mjs ROOT [--netlify netlify.toml] [--jobs N]");
  process.exit(2);
}

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"];
const WIDTHS = [360, 1280];
const problems = [];
const problem = (page, what) => problems.push(`${page}: ${what}`);

function files(dir, suffix) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      out.push(...files(p, suffix));
    } else if (name.endsWith(suffix)) {
      out.push(p);
    }
  }
  return out;
}

const toUrl = (file) => {
  const rel = relative(root, file).split(sep).join("/");
  return "/" + rel.replace(/(^|\/)index\.html$/, "$1");
};

const pages = files(root, ".html").map(toUrl);
const axeSource = readFileSync(join(here, "node_modules", "axe-core", "axe.min.js"), "utf8");

// Runs in the page before its own scripts: records CSP violations.
function recordViolations() {
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
  });
}

async function axe(page, label) {
  const result = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      count: v.nodes.length,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")} — ${n.failureSummary.replace(/\s+/g, " ").slice(0, 160)}`),
    }));
  }, AXE_TAGS);
  for (const v of result) {
    problem(label, `axe ${v.id} (${v.impact}, ${v.count} nodes): ${v.help}\n      ${v.nodes.join("\n      ")}`);
  }
}

async function overflow(page, label, width) {
  await page.setViewportSize({ width, height: 900 });
  await page.waitForTimeout(30);
  const wide = await page.evaluate(() => {
    const doc = document.documentElement;
    if (doc.scrollWidth <= window.innerWidth + 1) {
      return null;
    }
    // The widest culprits that are not inside a scrolling box.
    const out = [];
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.right <= window.innerWidth + 1) {
        continue;
      }
      let scrolled = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (s.overflowX === "auto" || s.overflowX === "scroll" || s.overflowX === "hidden") {
          scrolled = true;
          break;
        }
      }
      if (!scrolled) {
        out.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : ""} (right ${Math.round(r.right)})`);
      }
    }
    return { scrollWidth: doc.scrollWidth, culprits: out.slice(0, 5) };
  });
  if (wide) {
    problem(label, `horizontal overflow at ${width} px: page is ${wide.scrollWidth} px wide; ${wide.culprits.join(", ")}`);
  }
}

async function headings(page, label) {
  const levels = await page.evaluate(() =>
    [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => Number(h.tagName[1])),
  );
  const h1 = levels.filter((l) => l === 1).length;
  if (h1 !== 1) {
    problem(label, `${h1} h1 elements (one expected)`);
  }
  for (let i = 1; i < levels.length; i++) {
    if (levels[i] > levels[i - 1] + 1) {
      problem(label, `heading level skipped: h${levels[i - 1]} then h${levels[i]}`);
      break;
    }
  }
}

async function checkPage(context, base, path) {
  const page = await context.newPage();
  const label = path;
  const foreign = [];
  const failed = [];
  const errors = [];
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (!["127.0.0.1", "localhost"].includes(u.hostname) && u.protocol !== "data:") {
      foreign.push(r.url());
    }
  });
  page.on("requestfailed", (r) => failed.push(`${r.url()} (${r.failure()?.errorText})`));
  page.on("response", (r) => {
    if (r.status() >= 400 && r.url() !== base + path) {
      failed.push(`${r.url()} (HTTP ${r.status()})`);
    }
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" && !/Failed to load resource/.test(m.text())) {
      errors.push(m.text());
    }
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
  const response = await page.goto(base + path, { waitUntil: "load" });
  if (!response || response.status() !== 200) {
    problem(label, `HTTP ${response && response.status()}`);
  }
  await headings(page, label);
  await axe(page, `${label} [light]`);
  await page.emulateMedia({ colorScheme: "dark" });
  await axe(page, `${label} [dark]`);
  await page.emulateMedia({ colorScheme: "light" });
  for (const width of WIDTHS) {
    await overflow(page, label, width);
  }
  // Narrow layouts scroll tables and code sideways: those must be reachable too.
  await page.setViewportSize({ width: 360, height: 900 });
  await axe(page, `${label} [light, 360 px]`);
  // Keyboard: the skip link is the first stop and moves focus to the main content.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => document.activeElement && document.activeElement.className);
  if (first !== "skip-link") {
    problem(label, `the first Tab stop is "${first}", not the skip link`);
  }
  const csp = await page.evaluate(() => window.__csp || []);
  for (const c of csp) {
    problem(label, `CSP violation: ${c}`);
  }
  for (const f of foreign) {
    problem(label, `request to another host: ${f}`);
  }
  for (const f of failed) {
    problem(label, `failed request: ${f}`);
  }
  for (const e of errors) {
    problem(label, `console error: ${e}`);
  }
  await page.close();
}

// The ids of a posting list of the search index (see "Posting lists" in
// src/render/search.rs).
function decodeList(list) {
  const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const bitmap = list.startsWith(".");
  const ids = [];
  let n = 0;
  let i = bitmap ? 1 : 0;
  for (; i < list.length; i++) {
    const v = DIGITS.indexOf(list[i]);
    n = n * 32 + (v & 31);
    if (v < 32) {
      ids.push(bitmap || ids.length === 0 ? n : ids[ids.length - 1] + n + 1);
      n = 0;
      if (bitmap) {
        i++;
        break;
      }
    }
  }
  if (bitmap) {
    const first = ids.pop();
    for (let at = 0; i < list.length; i++, at += 6) {
      const bits = DIGITS.indexOf(list[i]);
      for (let b = 0; b < 6; b++) {
        if (bits & (1 << b)) {
          ids.push(first + at + b);
        }
      }
    }
  }
  return ids;
}

// The first and the last document of the search index under `search` (its URL), as
// {title}; none when the index is empty.
async function firstAndLastDocs(page, search) {
  const get = async (rel) => (await page.request.get(search + rel)).json();
  const manifest = await get("index.json");
  if (!manifest.docs) {
    return [];
  }
  const shards = decodeList(manifest.doc_shards).length;
  const first = (await get("docs/0.json")).docs[0];
  const last = (await get(`docs/${shards - 1}.json`)).docs.slice(-1)[0];
  return [first, last].map((d) => ({ title: d[1] }));
}

async function checkSearch(context, base, path) {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.setViewportSize({ width: 1280, height: 900 });
  // Words to look for: the first word of the first and the last document's titles.
  const docs = await firstAndLastDocs(page, base + path);
  const wordOf = (d) => (d.title.match(/[\p{L}\p{N}]{3,}/u) || [d.title])[0];
  const queries = docs.length ? [wordOf(docs[0]), wordOf(docs[docs.length - 1])] : ["anything", "anything"];
  await page.goto(`${base}${path}?q=${encodeURIComponent(queries[0])}`, { waitUntil: "load" });
  if (docs.length) {
    try {
      await page.waitForSelector(".search-hit", { timeout: 5000 });
    } catch {
      problem(path, `searching for “${queries[0]}” (from ?q=) shows no result`);
    }
  }
  await page.fill("#search_q", queries[1]);
  await page.press("#search_q", "Enter");
  await page.waitForTimeout(200);
  const hits = await page.$$eval(".search-hit a", (as) => as.map((a) => a.getAttribute("href")));
  const status = await page.textContent("#search_status");
  if (docs.length && hits.length === 0) {
    problem(path, `searching for “${queries[1]}” shows no result`);
  }
  if (!docs.length && !/Nothing found/.test(status || "")) {
    problem(path, `an empty index does not say that nothing was found: “${status}”`);
  }
  for (const href of hits.slice(0, 10)) {
    const r = await page.request.get(base + href);
    if (r.status() !== 200) {
      problem(path, `search result ${href} answers ${r.status()}`);
    }
  }
  const hidden = await page.$eval("#search_nojs", (el) => el.hidden);
  if (!hidden) {
    problem(path, "the no-JavaScript explanation stays visible with JavaScript on");
  }
  await axe(page, `${path}?q=… [light]`);
  await page.emulateMedia({ colorScheme: "dark" });
  await axe(page, `${path}?q=… [dark]`);
  await overflow(page, `${path}?q=…`, 360);
  const csp = await page.evaluate(() => window.__csp || []);
  for (const c of csp) {
    problem(path, `CSP violation: ${c}`);
  }
  for (const e of errors) {
    problem(path, `console error: ${e}`);
  }
  await page.close();
}

async function checkSearchWithoutScript(browser, base, path) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base + path, { waitUntil: "load" });
  const form = await page.$("form.search-form input[name=q]");
  const explained = await page.isVisible("#search_nojs");
  if (!form || !explained) {
    problem(`${path} [no JavaScript]`, "the search form and the explanation of where to browse instead are not both shown");
  }
  await context.close();
}

async function checkXml(context, base, path) {
  const page = await context.newPage();
  await page.goto(base + "/", { waitUntil: "load" }).catch(() => {});
  const result = await page.evaluate(async (url) => {
    const text = await (await fetch(url)).text();
    const doc = new DOMParser().parseFromString(text, "application/xml");
    const error = doc.querySelector("parsererror");
    return {
      error: error ? error.textContent : null,
      root: doc.documentElement.localName,
      ns: doc.documentElement.namespaceURI,
      entries: doc.getElementsByTagName("entry").length,
      locs: [...doc.getElementsByTagName("loc")].map((l) => l.textContent),
    };
  }, base + path);
  if (result.error) {
    problem(path, `not well-formed XML: ${result.error}`);
  } else if (path.endsWith("feed.xml")) {
    if (result.root !== "feed" || result.ns !== "http://www.w3.org/2005/Atom") {
      problem(path, `root element ${result.root} (${result.ns}), not an Atom feed`);
    }
  } else {
    if (result.root !== "urlset") {
      problem(path, `root element ${result.root}, not a sitemap`);
    }
    for (const loc of result.locs) {
      // Absolute or not, a sitemap URL is looked up by its path on this server.
      const r = await page.request.get(base + new URL(loc, base).pathname);
      if (r.status() !== 200) {
        problem(path, `sitemap URL ${loc} answers ${r.status()}`);
      }
    }
  }
  await page.close();
  return result;
}

function vnu() {
  const jar = join(here, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
  const run = spawnSync("java", ["-Xss4m", "-jar", jar, "--errors-only", "--format", "json", "--skip-non-html", root], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) {
    problem("vnu", `could not run java: ${run.error.message}`);
    return 0;
  }
  let messages = [];
  try {
    messages = JSON.parse(run.stderr || run.stdout || '{"messages":[]}').messages;
  } catch {
    problem("vnu", `unreadable output: ${(run.stderr || run.stdout).slice(0, 500)}`);
    return 0;
  }
  for (const m of messages) {
    if (m.type === "error" || m.subType === "fatal") {
      const where = relative(root, fileURLToPath(m.url));
      problem(`vnu ${where}:${m.lastLine}`, `${m.message} — ${JSON.stringify((m.extract || "").trim()).slice(0, 160)}`);
    }
  }
  return messages.length;
}

async function main() {
  const headers = netlifyHeaders(netlify);
  const server = await serve(root, headers);
  let browser;
  try {
    browser = await chromium.launch(CHROMIUM);
  } catch (e) {
    console.error(`cannot start chromium: ${e.message}`);
    await server.close();
    process.exit(2);
  }
  const started = Date.now();
  const queue = [...pages];
  const workers = Array.from({ length: Math.max(1, jobs) }, async () => {
    const context = await browser.newContext({ serviceWorkers: "block" });
    await context.addInitScript(recordViolations);
    await context.addInitScript({ content: axeSource });
    while (queue.length) {
      const path = queue.shift();
      try {
        await checkPage(context, server.url, path);
      } catch (e) {
        problem(path, `could not check: ${e.message}`);
      }
    }
    await context.close();
  });
  await Promise.all(workers);
  const context = await browser.newContext();
  await context.addInitScript(recordViolations);
  await context.addInitScript({ content: axeSource });
  const searches = pages.filter((p) => p.endsWith("/search/"));
  for (const s of searches) {
    try {
      await checkSearch(context, server.url, s);
      await checkSearchWithoutScript(browser, server.url, s);
    } catch (e) {
      problem(s, `could not check search: ${e.message}`);
    }
  }
  const xml = [...files(root, "feed.xml"), ...files(root, "sitemap.xml")].map(toUrl);
  for (const x of xml) {
    try {
      await checkXml(context, server.url, x);
    } catch (e) {
      problem(x, `could not check: ${e.message}`);
    }
  }
  await context.close();
  await browser.close();
  await server.close();
  const browserTime = Date.now() - started;
  const vnuMessages = vnu();
  console.log(
    `checked ${pages.length} pages at ${WIDTHS.join(" and ")} px, light and dark (${browserTime} ms), ` +
      `${searches.length} search pages, ${xml.length} feeds and sitemaps; vnu reported ${vnuMessages} messages`,
  );
  if (problems.length) {
    console.log(`${problems.length} problems:`);
    for (const p of problems) {
      console.log(`  ${p}`);
    }
    process.exit(1);
  }
  console.log("no problems");
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
