// Loads mamori's HTML reports (scan and compliance) in headless Chromium from file:// and drives
// them as a reader would: counts, filters, the no-match state, expanded findings, escaping.
// Expectations come from the JSON report of the same scan, so the page is checked against the
// scanner's own data. Fails on any console error, page error, dialog or request leaving the file.
//
//   node tests/browser/html-report.mjs        (from anywhere; builds mamori with cargo if needed)
//
// Environment: MAMORI_BIN (a mamori binary to use instead of building one), CHROMIUM
// (default /usr/bin/chromium). Screenshots land in target/test-artifacts/.

import { chromium } from "playwright-core";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const fixture = path.join("tests", "browser", "fixture");
const artifacts = path.join(root, "target", "test-artifacts");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

let passed = 0;
let failed = 0;
const failures = [];

function check(cond, what, detail) {
  if (cond) {
    passed += 1;
  } else {
    failed += 1;
    failures.push(detail === undefined ? what : `${what}: ${detail}`);
    console.error(`  FAIL ${what}${detail === undefined ? "" : ` (${detail})`}`);
  }
}

function eq(actual, expected, what) {
  check(
    JSON.stringify(actual) === JSON.stringify(expected),
    what,
    `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
  );
}

function fatal(msg) {
  console.error(`html-report: ${msg}`);
  process.exit(1);
}

/** The mamori binary: MAMORI_BIN, else built with cargo (a no-op when it is up to date). */
function mamoriBinary() {
  if (process.env.MAMORI_BIN) {
    if (!existsSync(process.env.MAMORI_BIN)) fatal(`MAMORI_BIN=${process.env.MAMORI_BIN} does not exist`);
    return process.env.MAMORI_BIN;
  }
  const r = spawnSync("cargo", ["build", "--locked", "-p", "mamori", "--message-format=json-render-diagnostics"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) fatal(`cargo build -p mamori failed (exit ${r.status})`);
  for (const line of r.stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    const msg = JSON.parse(line);
    if (msg.reason === "compiler-artifact" && msg.target?.name === "mamori" && msg.executable) return msg.executable;
  }
  fatal("cargo built no mamori executable");
}

function run(bin, args, expectCodes) {
  const r = spawnSync(bin, args, {
    cwd: root,
    encoding: "utf8",
    env: Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !["LANG", "LC_ALL", "LC_MESSAGES", "MAMORI_CONFIG"].includes(k)),
    ),
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!expectCodes.includes(r.status)) {
    fatal(`mamori ${args.join(" ")} exited ${r.status}, expected ${expectCodes.join(" or ")}\n${r.stderr}`);
  }
  return r.stdout;
}

/** Opens a page that records every console error, page error, dialog and outside request. */
async function open(context, file) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("dialog", async (d) => {
    problems.push(`dialog (${d.type()}): ${d.message()}`);
    await d.dismiss();
  });
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith("file:") && !url.startsWith("data:")) problems.push(`request leaving the file: ${url}`);
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  return { page, problems };
}

const visible = (page, selector) =>
  page.$$eval(selector, (els) => els.filter((e) => e.offsetParent !== null || e.getClientRects().length > 0).length);
const text = (page, selector) => page.$eval(selector, (e) => e.textContent.trim());

async function scanReport(context, bin) {
  console.log("scan report");
  const html = path.join(artifacts, "html-report.html");
  // The fixture holds a file that fails to parse, so the exit code is 2.
  const json = JSON.parse(
    run(bin, ["scan", fixture, "--no-config", "--format", "json", "--output", `html=${html}`], [2]),
  );
  const findings = json.findings;
  const bySev = json.summary.by_severity;
  const severities = Object.keys(bySev).filter((s) => bySev[s] > 0);
  if (severities.length < 3) fatal(`the fixture must give findings of at least 3 severities, got ${severities}`);
  if (json.undecided.length === 0 || json.errors.length === 0) fatal("the fixture must give an undecided check and an input error");

  const source = readFileSync(html, "utf8");
  check(!/\s(src|href)\s*=\s*["']?(https?:)?\/\//i.test(source.replace(/<a href="https?:\/\/[^"]*"/g, "")),
    "no external resource in the page source");
  check(!source.includes("fixture-not-a-real-password"), "the secret value is not in the page source");

  const { page, problems } = await open(context, html);
  eq(await page.getAttribute("html", "lang"), "en", "html lang");
  eq(await text(page, "#total .num"), String(findings.length), "total tile");
  for (const [sev, n] of Object.entries(bySev)) eq(await text(page, `#tile-${sev} .num`), String(n), `${sev} tile`);
  eq(await text(page, "#stat-files"), String(json.summary.files_scanned), "files scanned");
  eq(await text(page, "#stat-passed"), String(json.summary.checks_passed), "checks passed");
  eq(await text(page, "#stat-undecided"), String(json.undecided.length), "undecided count");
  eq(await text(page, "#stat-errors"), String(json.errors.length), "input error count");
  eq(await visible(page, "details.finding"), findings.length, "every finding shown at first");
  eq(await text(page, "#shown"), `Showing ${findings.length} of ${findings.length} findings`, "live count at first");
  // Highest severity first.
  const order = ["critical", "high", "medium", "low", "info"];
  const sevs = await page.$$eval("details.finding", (els) => els.map((e) => e.dataset.sev));
  check(sevs.every((s, i) => i === 0 || order.indexOf(sevs[i - 1]) <= order.indexOf(s)), "sorted by severity", sevs.join(","));

  // A value written to break out of the markup stays text.
  eq(await page.$$eval("img, iframe, object, embed", (els) => els.length), 0, "no injected element");
  const hostile = "</script><img src=x onerror=alert(1)>";
  check((await page.$$eval(".finding .msg code", (els) => els.map((e) => e.textContent))).includes(hostile),
    "the hostile container name is shown as text");

  // Severity: untick high.
  const count = (pred) => findings.filter(pred).length;
  await page.uncheck("#filters input[value=high]");
  let expected = count((f) => f.severity !== "high");
  eq(await visible(page, "details.finding"), expected, "rows without high");
  eq(await visible(page, 'details.finding[data-sev="high"]'), 0, "no high row left");
  eq(await text(page, "#shown"), `Showing ${expected} of ${findings.length} findings`, "live count without high");
  await page.check("#filters input[value=high]");
  eq(await visible(page, "details.finding"), findings.length, "high ticked again");

  // Service.
  const services = await page.$$eval("#f-service option", (os) => os.map((o) => o.value).filter(Boolean));
  eq(services, ["ECS"], "service options");
  await page.selectOption("#f-service", "ECS");
  eq(await visible(page, "details.finding"), count((f) => f.resource.kind.startsWith("AWS::ECS::")), "service ECS");
  await page.selectOption("#f-service", "");

  // Control: one control, then a whole framework.
  const control = "aws-securityhub/ECS.2";
  await page.selectOption("#f-control", `ctl:${control}`);
  expected = count((f) => f.controls.includes(control));
  check(expected > 0, "the fixture has a finding for " + control);
  eq(await visible(page, "details.finding"), expected, `control ${control}`);
  await page.selectOption("#f-control", "fw:pci-dss-4.0.1");
  eq(await visible(page, "details.finding"), count((f) => f.controls.some((c) => c.startsWith("pci-dss-4.0.1/"))),
    "framework pci-dss-4.0.1");
  await page.selectOption("#f-control", "");

  // File, then combined with severity.
  const api = `${fixture}/describe-services.json`;
  await page.selectOption("#f-file", `f:${api}`);
  expected = count((f) => f.location?.path === api);
  check(expected >= 2, "the fixture has findings in " + api);
  eq(await visible(page, "details.finding"), expected, "file filter");
  await page.uncheck("#filters input[value=high]");
  eq(await visible(page, "details.finding"), count((f) => f.location?.path === api && f.severity !== "high"),
    "file and severity combined");

  // Nothing matches: the empty state, then reset from it.
  for (const s of order) await page.uncheck(`#filters input[value=${s}]`);
  eq(await visible(page, "details.finding"), 0, "no row when every severity is off");
  check(await page.isVisible("#nomatch"), "no-match message shown");
  eq(await text(page, "#shown"), `Showing 0 of ${findings.length} findings`, "live count at zero");
  await page.click("#nomatch button");
  eq(await visible(page, "details.finding"), findings.length, "reset shows every finding");
  check(!(await page.isVisible("#nomatch")), "no-match message hidden after reset");

  // A finding opens onto its source line and its rule's document.
  const public_ip = findings.find((f) => f.rule === "MAM-ECS-003" && f.location.path.endsWith("main.tf"));
  const line = readFileSync(path.join(root, public_ip.location.path), "utf8").split("\n")[public_ip.location.start_line - 1];
  const row = page.locator(`details.finding[data-rule="MAM-ECS-003"][data-file="${public_ip.location.path}"]`);
  await row.locator("summary").click();
  eq(await row.locator(".src code").textContent(), `${public_ip.location.start_line}${line.trimEnd()}`, "source line");
  // The document is copied in on the toggle event, which the browser fires just after opening.
  await row.locator(".doc section").first().waitFor();
  eq(await row.locator(".doc h3").allTextContents(), ["Why it matters", "How to fix"], "document sections");
  check((await row.locator(".doc .doc-fix pre").count()) > 0, "how to fix holds code");
  await row.screenshot({ path: path.join(artifacts, "html-report-finding.png") });
  await row.locator("summary").click();

  // A finding whose line may hold a secret never shows it.
  const secret = page.locator('details.finding[data-rule="MAM-ECS-018"]');
  await secret.locator("summary").click();
  eq(await secret.locator(".src").count(), 0, "no source line for a sensitive finding");
  check((await secret.locator(".hidden-src").textContent()).includes("may hold a secret"), "sensitive note");
  await secret.locator("summary").click();

  // Compliance summary: a control's "show findings" sets the control filter.
  await page.click('details.fw[data-framework="aws-securityhub"] > summary');
  await page.click(`[data-show-control="${control}"]`);
  eq(await page.inputValue("#f-control"), `ctl:${control}`, "show findings sets the control");
  eq(await visible(page, "details.finding"), count((f) => f.controls.includes(control)), "show findings filters");
  await page.click("#filters [data-reset]");

  // Undecided checks and input errors, collapsed until opened.
  check(!(await page.isVisible("#undecided table")), "undecided collapsed");
  await page.click("#undecided > summary");
  eq(await visible(page, "#undecided tbody tr"), json.undecided.length, "undecided rows");
  await page.click("#errors > summary");
  eq(await visible(page, "#errors tbody tr"), json.errors.length, "input error rows");
  await page.click("#undecided > summary");
  await page.click("#errors > summary");

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(artifacts, "html-report.png"), fullPage: true });
  eq(problems, [], "no console error, page error, dialog or outside request");
  await page.close();

  // Japanese.
  const htmlJa = path.join(artifacts, "html-report.ja.html");
  run(bin, ["scan", fixture, "--no-config", "--lang", "ja", "--format", "html", "--output", htmlJa], [2]);
  const ja = await open(context, htmlJa);
  eq(await ja.page.getAttribute("html", "lang"), "ja", "html lang ja");
  eq(await text(ja.page, "#findings h2"), "検出", "Japanese heading");
  eq(await text(ja.page, "#shown"), `${findings.length} 件中 ${findings.length} 件の検出を表示`, "Japanese live count");
  await ja.page.uncheck("#filters input[value=critical]");
  eq(await text(ja.page, "#shown"), `${findings.length} 件中 ${count((f) => f.severity !== "critical")} 件の検出を表示`,
    "Japanese live count after a filter");
  eq(ja.problems, [], "no problem on the Japanese page");
  await ja.page.close();
}

async function complianceReport(context, bin) {
  console.log("compliance report");
  const framework = "aws-fsbp";
  const args = ["compliance", "--framework", framework, fixture, "--no-config", "--format"];
  const json = JSON.parse(run(bin, [...args, "json"], [2]));
  const html = path.join(artifacts, "compliance.html");
  writeFileSync(html, run(bin, [...args, "html"], [2]));
  const s = json.summary;
  if (s.fail === 0 || s.pass === 0) fatal("the fixture must fail and pass controls of " + framework);

  const { page, problems } = await open(context, html);
  eq(await text(page, "#total .num"), String(s.controls), "controls tile");
  eq(await text(page, "#tile-fail .num"), String(s.fail), "fail tile");
  eq(await text(page, "#tile-pass .num"), String(s.pass), "pass tile");
  eq(await text(page, "#tile-unknown .num"), String(s.unknown), "unknown tile");
  eq(await text(page, "#tile-not-covered .num"), String(s.not_covered), "not covered tile");
  eq(await text(page, "#coverage .num"), `${s.coverage_percent}%`, "coverage tile");
  eq(await visible(page, "tr.ctl"), s.controls, "every control shown at first");
  eq(await text(page, "#shown"), `Showing ${s.controls} of ${s.controls} controls`, "live count");
  const ids = await page.$$eval("tr.ctl", (rows) => rows.map((r) => r.dataset.control));
  eq(ids, json.controls.map((c) => c.id), "controls in the framework's order");

  await page.uncheck("#filters input[value=pass]");
  eq(await visible(page, "tr.ctl"), s.controls - s.pass, "rows without pass");
  for (const st of ["unknown", "not-covered"]) await page.uncheck(`#filters input[value=${st}]`);
  eq(await visible(page, "tr.ctl"), s.fail, "failing rows only");
  for (const c of json.controls.filter((c) => c.status === "fail")) {
    eq(await page.locator(`tr.ctl[data-control="${c.id}"] .hits li`).count(), c.findings.length, `findings of ${c.id}`);
  }
  eq(await text(page, "#shown"), `Showing ${s.fail} of ${s.controls} controls`, "live count for fail");
  // A group heading goes with its last shown control.
  const emptyGroups = await page.$$eval("#controls tbody", (gs) =>
    gs.filter((g) => !g.hidden && !g.querySelector("tr.ctl:not([hidden])")).length);
  eq(emptyGroups, 0, "no heading without a shown control");
  await page.uncheck("#filters input[value=fail]");
  check(await page.isVisible("#nomatch"), "no-match message for controls");
  eq(await visible(page, "tr.ctl"), 0, "no control row");
  await page.click("#nomatch button");
  eq(await visible(page, "tr.ctl"), s.controls, "reset shows every control");

  await page.screenshot({ path: path.join(artifacts, "compliance.png"), fullPage: true });
  eq(problems, [], "no console error, page error, dialog or outside request (compliance)");
  await page.close();
}

async function main() {
  if (!existsSync(chromiumPath)) fatal(`no Chromium at ${chromiumPath} (install Debian's chromium, or set CHROMIUM)`);
  mkdirSync(artifacts, { recursive: true });
  const bin = mamoriBinary();
  const profile = mkdtempSync(path.join(tmpdir(), "mamori-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(15000);
  try {
    await scanReport(context, bin);
    await complianceReport(context, bin);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  console.log(`screenshots: ${path.relative(root, artifacts)}/html-report.png, compliance.png`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  if (failed > 0) {
    console.error(`html-report: ${failed} check(s) failed:\n  - ${failures.join("\n  - ")}`);
    process.exit(1);
  }
}

main().catch((e) => fatal(e.stack || String(e)));
