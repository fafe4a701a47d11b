// Screenshots of a built mentorlog site, for the README and for reviewing the theme:
//
//   node tests/browser/site-screenshots.mjs SITE OUT_DIR [NAME=PATH[@WIDTHxHEIGHT][:dark] ...]
//
// SITE is a built site served at its root (build it with the default base URL). Each
// NAME=PATH is saved as OUT_DIR/NAME.png, the top of the page at that size (1280×1400
// unless given), in light mode unless `:dark`. Without NAME=PATH, the README's set.

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, netlifyHeaders, serve } from "./site-server.mjs";

const [site, out, ...wanted] = process.argv.slice(2);
if (!site || !out) {
  console.error("usage: node site-screenshots.mjs SITE OUT_DIR [NAME=PATH[@WxH][:dark] ...]");
  process.exit(2);
}

const DEFAULT = [
  "home=/@1280x1400",
  "timeline=/#timeline_h@1280x760",
  "session=/sessions/2026-03-18-after-sprint-1/#goals_h@1280x1000",
  "goal-dark=/goals/automated-release/@1280x1000:dark",
  "recurring=/recurring/#weak_h@1280x900",
  "phone=/@390x844:dark",
];

const shots = (wanted.length ? wanted : DEFAULT).map((spec) => {
  const m = spec.match(/^([\w-]+)=([^@:]+)(?:@(\d+)x(\d+))?(:dark)?$/);
  if (!m) {
    throw new Error(`bad shot: ${spec}`);
  }
  return {
    name: m[1],
    path: m[2],
    width: Number(m[3] || 1280),
    height: Number(m[4] || 1400),
    dark: Boolean(m[5]),
  };
});

const here = new URL("../../netlify.toml", import.meta.url).pathname;
const server = await serve(site, netlifyHeaders(here));
const browser = await chromium.launch(CHROMIUM);
mkdirSync(out, { recursive: true });
for (const s of shots) {
  const page = await browser.newPage({
    viewport: { width: s.width, height: s.height },
    colorScheme: s.dark ? "dark" : "light",
    deviceScaleFactor: 1,
  });
  await page.goto(server.url + s.path, { waitUntil: "load" });
  const hash = s.path.split("#")[1];
  if (hash) {
    await page.evaluate((id) => {
      document.documentElement.style.scrollBehavior = "auto";
      const el = document.getElementById(id);
      if (el) {
        window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 16);
      }
    }, hash);
  }
  const file = join(out, `${s.name}.png`);
  await page.screenshot({ path: file });
  console.log(`${file} ← ${s.path} (${s.width}×${s.height}${s.dark ? ", dark" : ""})`);
  await page.close();
}
await browser.close();
await server.close();
