// A phone in the room, played by a real browser: Debian's Chromium, headless, driven by
// playwright-core (no browser of its own is ever downloaded). Used by tests/room_browser.rs.
//
//   node tests/browser/phone.mjs URL [--column ID] [--sector ID] [--text TEXT] [--vote]
//
// Opens the phone page at URL, waits for the board, chooses the column and sector, types the
// note, sends it and waits for "Sent". With --vote it then waits for the facilitator to open
// the vote, presses + on its note and waits for the votes left to drop. Prints one line of
// JSON: {"ok":true, ...what the page showed} or {"ok":false,"step":...,"error":...}, and
// exits 0 or 1. Every wait is bounded; the whole run ends within PHONE_TIMEOUT_MS (90 s), and
// the browser is closed whatever happens (SIGTERM too: playwright closes it on the way out).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { chromium } from "playwright-core";

const CHROMIUM = process.env.CONVENE_CHROMIUM || "/usr/bin/chromium";
const WHOLE_RUN_MS = Number(process.env.PHONE_TIMEOUT_MS || 90000);
/// Any one wait for the page.
const WAIT_MS = 20000;
/// The facilitator's move to the vote comes after the note is journaled: a longer wait.
const VOTE_OPENS_MS = 60000;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    column: { type: "string", default: "skills" },
    sector: { type: "string", default: "public-library" },
    text: { type: "string", default: "Ward trolley books, from a phone" },
    vote: { type: "boolean", default: false },
  },
});
if (positionals.length !== 1) {
  console.error("usage: node phone.mjs URL [--column ID] [--sector ID] [--text TEXT] [--vote]");
  process.exit(2);
}
const url = positionals[0];

const result = { ok: false, step: "start" };
const problems = []; // errors the page itself met: script errors, CSP refusals, failed loads
const profile = mkdtempSync(join(tmpdir(), "convene-phone-"));
let context = null;

function finish(code) {
  console.log(JSON.stringify(result));
  rmSync(profile, { recursive: true, force: true });
  process.exit(code);
}

const deadline = setTimeout(() => {
  result.error = `the whole run took over ${WHOLE_RUN_MS} ms`;
  // Closing may hang with the browser; the exit does not wait for it.
  if (context) { context.close().catch(() => {}); }
  setTimeout(() => finish(1), 3000).unref();
}, WHOLE_RUN_MS);
deadline.unref();

async function step(name, action) {
  result.step = name;
  return action();
}

try {
  context = await step("launch", () => chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
    // A phone's screen.
    viewport: { width: 390, height: 844 },
    timeout: WAIT_MS,
  }));
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on("pageerror", (e) => problems.push(`script: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") { problems.push(`console: ${m.text()}`); } });
  page.on("requestfailed", (r) => {
    // The event stream is cut when the browser closes: not the page's problem.
    if (!r.url().endsWith("/events")) { problems.push(`request: ${r.url()} ${r.failure()?.errorText}`); }
  });

  await step("open the page", () => page.goto(url, { waitUntil: "domcontentloaded" }));
  await step("wait for the board", () => page.locator("#board").waitFor({ state: "visible" }));
  result.title = await page.locator("#title").textContent();
  result.question = await page.locator("#question").textContent();
  await step("wait for the link", () => page.locator("#link", { hasText: "Live" }).waitFor());

  await step("choose the column", () => page.selectOption("#column", values.column));
  await step("choose the sector", () => page.selectOption("#sector", values.sector));
  await step("type the note", () => page.locator("#text").fill(values.text));
  result.count = await page.locator("#count").textContent();
  await step("send", () => page.locator("#send").click());
  await step("wait for Sent", () => page.locator("#sent", { hasText: /^Sent$/ }).waitFor());
  result.sent = await page.locator("#sent").textContent();
  result.text_after = await page.locator("#text").inputValue();

  if (values.vote) {
    await step("wait for the vote to open", () =>
      page.locator("#vote").waitFor({ state: "visible", timeout: VOTE_OPENS_MS }));
    const mine = page.locator("#notes li").filter({ hasText: values.text });
    await step("find the note", () => mine.waitFor());
    result.left_before = await page.locator("#left").textContent();
    await step("press +", () => mine.getByRole("button", { name: "Vote", exact: true }).click());
    await step("wait for Voted", () => page.locator("#voted", { hasText: /^Voted$/ }).waitFor());
    await step("wait for the votes left to drop", () =>
      page.waitForFunction((before) => {
        const left = document.getElementById("left").textContent;
        return left !== before && /^\d+ votes? left$/.test(left);
      }, result.left_before, { timeout: WAIT_MS }));
    result.left_after = await page.locator("#left").textContent();
    await step("wait for the note's own vote", () => mine.filter({ hasText: "yours: 1" }).waitFor());
    result.note_about = await mine.locator(".about").textContent();
  }
  result.step = "done";
  result.problems = problems;
  result.ok = problems.length === 0;
  if (!result.ok) { result.error = "the page met problems"; }
} catch (e) {
  result.error = String(e && e.message ? e.message : e).split("\n")[0];
  result.problems = problems;
} finally {
  if (context) { await context.close().catch(() => {}); }
}
finish(result.ok ? 0 : 1);
