// Runs axe-core on saved web pages in a real headless Chromium; prints the violations as JSON.
//
// Usage: node tests/axe/run_axe.mjs MODULES_DIR CHROMIUM PAGE.html [PAGE.html ...]
//        [--screenshot WIDTH:OUT.png ...]   (a name ending -full.png: the whole page)
// MODULES_DIR holds node_modules with axe-core and playwright-core (make system-tools
// installs them into build/axe). Every request other than the page itself is refused and
// reported, so a page that tries to fetch anything fails the test too.
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [modules, chromium, ...rest] = process.argv.slice(2);
const pages = [];
const shots = [];
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === "--screenshot") shots.push(rest[++i]);
  else pages.push(resolve(rest[i]));
}
const require = createRequire(join(resolve(modules), "node_modules", "x.js"));
const { chromium: browserType } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const profile = mkdtempSync(join(tmpdir(), "charter-axe-"));
const context = await browserType.launchPersistentContext(profile, {
  executablePath: chromium,
  headless: true,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
  ],
});
const results = [];
try {
  for (const file of pages) {
    const page = await context.newPage();
    const own = pathToFileURL(file).href;
    const requests = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url === own || url.startsWith("data:")) return route.continue();
      requests.push(url.slice(0, 200));
      return route.abort();
    });
    await page.goto(own, { waitUntil: "load" });
    await page.addScriptTag({ content: axeSource });
    const found = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const run = await axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        resultTypes: ["violations"],
      });
      return run.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, summary: n.failureSummary })),
        count: v.nodes.length,
      }));
    });
    // A phone's width (390 CSS pixels): how far the page would scroll sideways, and what sticks out.
    await page.setViewportSize({ width: 390, height: 844 });
    const phone = await page.evaluate(() => ({
      sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      wider: [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    }));
    results.push({ page: file, violations: found, requests, phone });
    for (const shot of shots) {
      const [width, out] = [Number(shot.split(":")[0]), shot.slice(shot.indexOf(":") + 1)];
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      await page.screenshot({ path: out, fullPage: out.endsWith("-full.png") });
    }
    await page.close();
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(results, null, 1) + "\n");
