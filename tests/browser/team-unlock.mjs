// Opens the encrypted team site of a build made with `mentorlog build --encrypt-team` in
// headless Chromium, as tests/cli/team.rs asks (issue 16):
//
//   MENTORLOG_TEAM_PASSPHRASE=... node tests/browser/team-unlock.mjs PUBLIC TEXT QUERY
//
// PUBLIC is the built folder, served at / with the headers of netlify.toml (its strict
// Content-Security-Policy above all). TEXT is a text of a team session (its title, which
// the team's home page links to); QUERY a word the search finds in it. Checks: without
// JavaScript the page explains itself; a wrong passphrase gets a message; the right one
// opens the home page, whose link to the session leads to it, the back button back; a
// reload stays unlocked (the key in sessionStorage, not the passphrase); search finds
// QUERY; a changed byte in a file is refused with nothing of it shown; "Lock" forgets the
// key; no CSP violation and no request names anything but opaque files.
//
// Prints one JSON object: {unlock_ms, requests, problems}; exits 1 with problems, 2 when
// it could not run.

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM, netlifyHeaders, serve } from "./site-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const [root, text, query] = process.argv.slice(2);
const passphrase = process.env.MENTORLOG_TEAM_PASSPHRASE;
if (!root || !text || !query || !passphrase) {
  console.error("usage: MENTORLOG_TEAM_PASSPHRASE=... node team-unlock.mjs PUBLIC TEXT QUERY");
  process.exit(2);
}

const problems = [];
const check = (ok, what) => {
  if (!ok) {
    problems.push(what);
  }
};

function recordViolations() {
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
  });
}

const server = await serve(root, netlifyHeaders(join(here, "..", "..", "netlify.toml")));
let browser;
try {
  browser = await chromium.launch(CHROMIUM);
} catch (e) {
  console.error(`could not start Chromium: ${e.message}`);
  await server.close();
  process.exit(2);
}
const team = `${server.url}/team/`;
const requested = new Set();
let unlockMs = null;
const csp = [];
const collectCsp = async (page) => {
  const v = await page.evaluate(() => window.__csp || []).catch(() => []);
  csp.push(...v);
};
try {
  // Without JavaScript: the explanation, no form.
  {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(team);
    const nojs = await page.textContent("#team_nojs");
    check(/JavaScript/.test(nojs) && (await page.isVisible("#team_nojs")), `no explanation without JavaScript: ${nojs}`);
    check(!(await page.isVisible("#team_unlock")), "the unlock form shows without JavaScript");
    await context.close();
  }

  const context = await browser.newContext();
  await context.addInitScript(recordViolations);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("request", (r) => requested.add(new URL(r.url()).pathname + new URL(r.url()).search));
  await page.goto(team);
  check(!(await page.isVisible("#team_nojs")), "the no-JavaScript explanation shows with JavaScript");

  // A wrong passphrase.
  await page.fill("#team_passphrase", passphrase + " not");
  await page.click("#team_unlock button");
  await page.waitForFunction(() => /Wrong passphrase/.test(document.getElementById("team_status").textContent), null, {
    timeout: 30000,
  });
  check(!(await page.content()).includes(text), "a wrong passphrase showed the team's text");

  // The right one.
  await page.fill("#team_passphrase", passphrase);
  const start = Date.now();
  await page.click("#team_unlock button");
  await page.waitForSelector("body.team-open", { timeout: 30000 });
  unlockMs = Date.now() - start;
  check((await page.textContent("body")).includes(text), `the team's home page does not show ${text}`);
  const stored = await page.evaluate(() => JSON.stringify(Object.assign({}, window.sessionStorage)));
  check(!stored.includes(passphrase) && /[0-9a-f]{64}/.test(stored), `sessionStorage holds ${stored}`);
  await collectCsp(page);

  // A link inside the team site, and back.
  const home = page.url();
  await page.click(`a:has-text("${text}")`);
  await page.waitForFunction((t) => document.querySelector("h1") && document.querySelector("h1").textContent.includes(t), text, {
    timeout: 30000,
  });
  const sessionUrl = new URL(page.url());
  check(sessionUrl.pathname === "/team/" && /^#\/[0-9a-f]{32}$/.test(sessionUrl.hash), `a session's address: ${page.url()}`);
  await page.goBack();
  await page.waitForFunction((h) => window.location.href === h, home);
  await page.waitForSelector("body.page-home, body.page-index", { timeout: 30000 });
  await page.goForward();
  await page.waitForFunction((t) => document.querySelector("h1") && document.querySelector("h1").textContent.includes(t), text, {
    timeout: 30000,
  });
  await collectCsp(page);

  // A reload: still open, no passphrase asked.
  await page.reload();
  await page.waitForFunction((t) => document.querySelector("h1") && document.querySelector("h1").textContent.includes(t), text, {
    timeout: 30000,
  });
  check(!(await page.isVisible("#team_unlock")), "a reload asked for the passphrase again");
  await collectCsp(page);

  // Search, from the navigation's link.
  await page.click('.site-header a[href^="#/"]:has-text("Search")');
  await page.waitForSelector("form.search-form input[name=q]", { timeout: 30000 });
  await page.fill("form.search-form input[name=q]", query);
  await page.press("form.search-form input[name=q]", "Enter");
  await page.waitForFunction(() => /result|Nothing found|could not be loaded/.test(document.getElementById("search_status").textContent), null, {
    timeout: 30000,
  });
  const status = await page.textContent("#search_status");
  const hits = await page.$$eval(".search-hit", (items) => items.map((li) => [li.textContent, li.querySelector("a").getAttribute("href")]));
  check(hits.some(([t]) => t.includes(text)), `search for ${query}: ${status} ${JSON.stringify(hits)}`);
  check(hits.every(([, href]) => /^#\/[0-9a-f]{32}/.test(href)), `search results link to ${JSON.stringify(hits.map((h) => h[1]))}`);
  check(new URL(page.url()).search === "", `the query reached the address: ${page.url()}`);
  await page.click(`.search-hit a:has-text("${text}")`);
  await page.waitForFunction((t) => document.querySelector("h1") && document.querySelector("h1").textContent.includes(t), text, {
    timeout: 30000,
  });
  await collectCsp(page);

  // A tampered file: one byte of every page changed in transit (the manifest is not), in a
  // new tab, which has to be unlocked again.
  const tamperedPage = await context.newPage();
  let tampered = 0;
  await tamperedPage.route("**/team/x/*.bin", async (route) => {
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    body[body.length - 20] ^= 1;
    tampered++;
    await route.fulfill({ response, body });
  });
  await tamperedPage.goto(team);
  await tamperedPage.fill("#team_passphrase", passphrase);
  await tamperedPage.click("#team_unlock button");
  await tamperedPage.waitForSelector(".team-error", { timeout: 30000 });
  const shown = await tamperedPage.textContent("body");
  check(tampered > 0 && /refused/.test(shown) && !shown.includes(text), `a tampered file: ${shown.slice(0, 300)}`);
  await tamperedPage.close();

  // Lock.
  await page.click(".team-lock");
  await page.waitForSelector("#team_unlock:not([hidden])", { timeout: 30000 });
  const left = await page.evaluate(() => window.sessionStorage.length);
  check(left === 0, `sessionStorage after Lock: ${left} items`);
  await collectCsp(page);
  check(errors.length === 0, `errors in the page: ${errors.join("; ")}`);
} catch (e) {
  problems.push(`stopped: ${e.message}`);
} finally {
  await browser.close();
  await server.close();
}
check(csp.length === 0, `CSP violations: ${csp.join("; ")}`);
for (const path of requested) {
  check(
    /^\/team\/(|index\.html|team\.js|site\.bin|x\/[0-9a-f]{32}\.bin)$/.test(path) || /^\/(style\.css|favicon\.svg|search\.js)$/.test(path),
    `a request names more than an opaque file: ${path}`
  );
}
console.log(JSON.stringify({ unlock_ms: unlockMs, requests: [...requested].sort(), problems }, null, 1));
process.exit(problems.length ? 1 : 0);
