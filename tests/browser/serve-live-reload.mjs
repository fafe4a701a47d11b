// Live reload in a real browser, driven by `cargo test` (tests/cli/serve/browser.rs).
//
//   node tests/browser/serve-live-reload.mjs URL SITE_DIR
//
// URL is a running `mentorlog serve` of the site in SITE_DIR (the test fixture of
// tests/cli/site.rs). With a session page open in headless Chromium, it checks that:
//   1. an edit of the note shows in the page by itself;
//   2. a breaking edit shows the overlay with file, line and message, over the last good
//      page; text from the files is shown as text, never run as HTML;
//   3. fixing it clears the overlay (and shows the fix);
//   4. the page reconnects when the server restarts, and reloads to what changed meanwhile:
//      it prints RESTART and waits for a line RESTARTED on stdin (the test restarts the
//      server on the same port, having edited the note while it was down).
// Exits 0 when all hold; prints what failed and saves a screenshot otherwise.

import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { CHROMIUM } from "./site-server.mjs";

const [url, siteDir] = process.argv.slice(2);
if (!url || !siteDir) {
  console.error("usage: serve-live-reload.mjs URL SITE_DIR");
  process.exit(2);
}
const notePath = path.join(siteDir, "content/sessions/2026-01-21-sprint-1.md");
const pageUrl = new URL("sessions/2026-01-21-sprint-1/", url).href;
const original = fs.readFileSync(notePath, "utf8");
const TIMEOUT = 20000;

const lines = readline.createInterface({ input: process.stdin });
const pending = [];
lines.on("line", (l) => pending.shift()?.(l));
const nextLine = () => new Promise((resolve) => pending.push(resolve));

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch(CHROMIUM);
const page = await browser.newPage();
const log = [];
page.on("console", (m) => log.push(`console.${m.type()}: ${m.text()}`));
page.on("pageerror", (e) => log.push(`page error: ${e.message}`));
let loads = 0;
page.on("load", () => loads++);

const connected = () =>
  page.waitForFunction(() => window.__mentorlogLive && window.__mentorlogLive.connected, null, {
    timeout: TIMEOUT,
  });
// The new page's text can be there before its `load` event has fired (a slow machine):
// wait for the event rather than race it.
async function settled(expected) {
  const until = Date.now() + TIMEOUT;
  while (loads < expected && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 25));
  }
  // Anything more (a second reload) would have had time to show.
  await new Promise((r) => setTimeout(r, 200));
}
const shows = (text) =>
  page.waitForFunction((t) => document.body.innerText.includes(t), text, { timeout: TIMEOUT });

try {
  await page.goto(pageUrl);
  await connected();
  check(loads === 1, `one load at first, not ${loads}`);

  // 1. An edit shows by itself.
  fs.writeFileSync(notePath, `${original}\nLIVE-EDIT-ONE appears by itself.\n`);
  await shows("LIVE-EDIT-ONE");
  await settled(2);
  check(loads === 2, `the edit reloaded the page once (${loads - 1} reloads)`);
  await connected();
  console.log("ok: the open page showed the edit by itself");

  // 2. A breaking edit: the overlay, over the last good page. The broken line holds HTML
  // that would run if it were parsed: it must show as text.
  const broken = original.replace(
    "date: 2026-01-21",
    'date: 2026-01-21\ntitle: [<img src=x onerror="window.__pwned=1">'
  );
  fs.writeFileSync(notePath, broken);
  const overlay = page.locator("#mentorlog-overlay .error").first();
  await overlay.waitFor({ state: "visible", timeout: TIMEOUT });
  const where = await page.locator("#mentorlog-overlay .where").first().innerText();
  const message = await page.locator("#mentorlog-overlay .message").first().innerText();
  check(
    /^content\/sessions\/2026-01-21-sprint-1\.md:3:\d+$/.test(where),
    `the overlay names the file and line: ${where}`
  );
  check(message.length > 0, "the overlay gives the message");
  check(
    await page.evaluate(() => document.body.innerText.includes("LIVE-EDIT-ONE")),
    "the last good page stays under the overlay"
  );
  check(loads === 2, "a breaking edit does not reload the page");
  const snippet = await page.locator("#mentorlog-overlay pre").first().innerText();
  check(snippet.includes('<img src=x onerror="window.__pwned=1">'), `the source line is shown as text: ${snippet}`);
  check(
    await page.evaluate(
      () =>
        window.__pwned === undefined &&
        document.getElementById("mentorlog-overlay").shadowRoot.querySelector("img") === null
    ),
    "text from the files is never run as HTML"
  );
  console.log(`ok: a breaking edit showed the overlay (${where}: ${message})`);

  // 3. The fix clears it.
  fs.writeFileSync(notePath, `${original}\nLIVE-EDIT-TWO after the fix.\n`);
  await shows("LIVE-EDIT-TWO");
  await page.waitForFunction(() => !document.getElementById("mentorlog-overlay"), null, {
    timeout: TIMEOUT,
  });
  await connected();
  console.log("ok: the fix cleared the overlay and showed the page");

  // 4. The server restarts; the page comes back to what changed while it was down.
  console.log("RESTART");
  const answer = await nextLine();
  check(answer === "RESTARTED", `the test restarted the server (${answer})`);
  await shows("LIVE-EDIT-THREE");
  await connected();
  console.log("ok: the page reconnected after a restart and showed what changed");
  await browser.close();
  lines.close();
  process.exit(0);
} catch (e) {
  const shot = path.join(os.tmpdir(), "mentorlog-serve-live-reload.png");
  await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
  console.error(`FAILED: ${e.message}\nscreenshot: ${shot}\n${log.join("\n")}`);
  await browser.close();
  process.exit(1);
}
