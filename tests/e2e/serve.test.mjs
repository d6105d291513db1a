// End-to-end tests of `phuluc serve` in Debian's headless Chromium,
// driven by playwright-core (which never downloads a browser of its own).
// Run by tests/serve_e2e.rs, which starts the servers and passes:
//   PHULUC_URL        a server on 127.0.0.1
//   PHULUC_TOKEN_URL  a server on 127.0.0.2, its URL with the token
//   PHULUC_BIN        the phuluc binary (to check a downloaded workbook)
//   PHULUC_ROOT       the repository (for workbooks/)
//   PHULUC_SCREENSHOTS  optional: a folder to save the README's screenshots in
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const URL_LOCAL = process.env.PHULUC_URL;
const URL_TOKEN = process.env.PHULUC_TOKEN_URL;
const BIN = process.env.PHULUC_BIN;
const ROOT = process.env.PHULUC_ROOT;
const SHOTS = process.env.PHULUC_SCREENSHOTS;
const CHROMIUM = process.env.PHULUC_CHROMIUM || "/usr/bin/chromium";
const DA_KIA = path.join(ROOT, "workbooks/da-kia-phu-luc-iii.xlsx");
const ESTIMATE = path.join(ROOT, "workbooks/du-toan-kenh-muong.xlsx");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "phuluc-e2e-"));

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
});
after(async () => {
  await browser?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function open(width = 1366, height = 768, url = URL_LOCAL) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const response = await page.goto(url);
  return { context, page, errors, response };
}

async function upload(page, files) {
  await page.setInputFiles("#files", files);
  await page.waitForFunction((n) => document.querySelectorAll("#results > section").length >= n, files.length);
}

test("Đa Kia: the five wrong totals are highlighted at their cells", async () => {
  const { context, page, errors } = await open();
  assert.equal(await page.getAttribute("html", "lang"), "vi");
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, "serve-trang-trong.png") });
  await upload(page, [DA_KIA]);
  const wrong = await page.$$eval(".sheet td.error", (tds) => tds.map((td) => [td.dataset.cell, td.textContent]));
  const cells = wrong.map(([cell]) => cell);
  assert.deepEqual(cells, ["E62", "F62", "G62", "H62", "I62"]);
  assert.deepEqual(wrong.map(([, text]) => text), ["5.624", "4.121", "4.971", "4.271", "4.271"]);
  // Five error findings, each with its cell, amounts and correction.
  const findings = await page.$$eval(".finding.error", (bs) => bs.map((b) => b.textContent));
  assert.equal(findings.length, 5);
  assert.match(findings[0], /'Phụ lục III'!E62/);
  assert.match(findings[0], /ghi 5\.624 nhưng tổng các mục là 13\.923/);
  assert.match(findings[0], /Đề xuất sửa thành: 13\.923/);
  assert.match(await page.textContent("#results"), /Đã kiểm tra 5\/5 ô tổng/);
  if (SHOTS) {
    await page.evaluate(() => document.querySelector("#results > section").scrollIntoView());
    await page.screenshot({ path: path.join(SHOTS, "serve-sau-kiem-tra.png") });
  }
  // Chosen from the keyboard, a finding takes the focus to its cell…
  await page.focus(".finding.error");
  await page.keyboard.press("Enter");
  const focused = await page.evaluate(() => document.activeElement.textContent);
  assert.equal(focused, "5.624");
  assert.ok(await page.$eval(".sheet td.selected", (td) => td.classList.contains("error")));
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, "serve-chon-phat-hien.png") });
  // …and the cell back to its finding.
  await page.keyboard.press("Enter");
  assert.match(await page.evaluate(() => document.activeElement.className), /finding error selected/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the corrected workbook downloaded checks without a total error", async () => {
  const { context, page } = await open();
  await upload(page, [DA_KIA]);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click("button:has-text('Tải bản đã sửa')"),
  ]);
  assert.equal(download.suggestedFilename(), "da-kia-phu-luc-iii-sua.xlsx");
  const saved = path.join(tmp, "sua.xlsx");
  await download.saveAs(saved);
  await page.waitForSelector("ul.changes li");
  assert.equal(await page.$$eval("ul.changes li", (li) => li.length), 5);
  const out = execFileSync(BIN, ["check", "--format", "json", saved], { encoding: "utf8" });
  const doc = JSON.parse(out);
  const errors = doc.files[0].findings.filter((f) => f.severity === "error");
  assert.deepEqual(errors, []);
  assert.equal(doc.files[0].tables[0].totals, 1);
  await context.close();
});

test("an estimate's findings and a damaged file's message", async () => {
  const damaged = path.join(tmp, "hong.xlsx");
  const bytes = fs.readFileSync(DA_KIA);
  fs.writeFileSync(damaged, bytes.subarray(0, bytes.length >> 1));
  const { context, page, errors } = await open();
  await upload(page, [ESTIMATE, damaged]);
  const sections = await page.$$("#results > section");
  assert.equal(sections.length, 2);
  const estimate = await sections[0].textContent();
  assert.match(estimate, /'Dự toán chi tiết'!G10/);
  assert.match(estimate, /line-amount/);
  assert.match(estimate, /'Tổng hợp dự toán'!D9/);
  assert.equal(await sections[0].$$eval(".sheet td.error", (t) => t.length) >= 4, true);
  const alert = await sections[1].$eval("[role=alert]", (a) => a.textContent);
  assert.match(alert, /^hong\.xlsx: /);
  assert.match(alert, /hỏng|không/);
  assert.match(await page.textContent("#status"), /Đã kiểm tra 2 tệp: 2 tệp có lỗi/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a folder: a progress bar, then the province report of every file", async () => {
  const folder = path.join(tmp, "nop-tinh");
  for (const [commune, file] of [["xa-da-kia", DA_KIA], ["xa-ha-long", path.join(ROOT, "workbooks/ha-long-phu-luc-2-sua.xlsx")], ["xa-kenh", ESTIMATE]]) {
    fs.mkdirSync(path.join(folder, commune), { recursive: true });
    fs.copyFileSync(file, path.join(folder, commune, path.basename(file)));
  }
  fs.writeFileSync(path.join(folder, "ghi-chu.txt"), "not a workbook");
  const { context, page, errors } = await open();
  await page.setInputFiles("#folder", folder);
  await page.waitForFunction(() => document.querySelectorAll("#results > section").length === 3);
  assert.equal(await page.$eval("#progress", (p) => [p.value, p.max].join("/")), "3/3");
  assert.match(await page.textContent("#progress-label"), /Đã kiểm tra 3 tệp: 2 tệp có lỗi/);
  const names = await page.$$eval("#results > section h2", (h) => h.map((x) => x.textContent));
  assert.deepEqual(names, ["nop-tinh/xa-da-kia/da-kia-phu-luc-iii.xlsx", "nop-tinh/xa-ha-long/ha-long-phu-luc-2-sua.xlsx", "nop-tinh/xa-kenh/du-toan-kenh-muong.xlsx"]);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#report")]);
  assert.equal(download.suggestedFilename(), "bao-cao-tinh.xlsx");
  const saved = path.join(tmp, "bao-cao.xlsx");
  await download.saveAs(saved);
  assert.equal(fs.readFileSync(saved).subarray(0, 2).toString(), "PK");
  assert.match(await page.textContent("#status"), /Báo cáo của 3 tệp đã tạo/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a file dropped on the page is checked", async () => {
  const { context, page, errors } = await open();
  const b64 = fs.readFileSync(path.join(ROOT, "workbooks/ha-long-phu-luc-1.xlsx")).toString("base64");
  const data = await page.evaluateHandle((b64) => {
    const raw = atob(b64);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    const d = new DataTransfer();
    d.items.add(new File([bytes], "ha-long-phu-luc-1.xlsx"));
    return d;
  }, b64);
  await page.dispatchEvent("#drop", "dragover", { dataTransfer: data });
  assert.ok(await page.$eval("#drop", (d) => d.classList.contains("over")));
  await page.dispatchEvent("#drop", "drop", { dataTransfer: data });
  await page.waitForSelector("#results > section");
  assert.equal(await page.textContent("#results > section h2"), "ha-long-phu-luc-1.xlsx");
  assert.ok(await page.$$eval(".sheet tbody tr", (r) => r.length) > 5);
  assert.deepEqual(errors, []);
  await context.close();
});

test("every control has a name a screen reader says, and the keyboard reaches it", async () => {
  const { context, page } = await open();
  const unnamed = await page.evaluate(() => [...document.querySelectorAll("input, select, button")]
    .filter((e) => !(e.labels && e.labels.length) && !e.textContent.trim() && !e.getAttribute("aria-label"))
    .map((e) => e.outerHTML));
  assert.deepEqual(unnamed, []);
  // Tab order: the language switch, the two file choosers, then the words box.
  const reached = [];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press("Tab");
    reached.push(await page.evaluate(() => document.activeElement.id || document.activeElement.tagName));
  }
  assert.deepEqual(reached, ["lang", "files", "folder", "amount", "unit", "BUTTON"]);
  await context.close();
});

test("switching to English rewords the page and the findings", async () => {
  const { context, page } = await open();
  await upload(page, [DA_KIA]);
  const before = await page.textContent(".finding.error");
  await page.click("#lang");
  await page.waitForFunction(() => document.documentElement.lang === "en" && document.querySelector(".finding.error"));
  await page.waitForFunction((b) => document.querySelector(".finding.error")?.textContent !== b, before);
  assert.equal(await page.textContent("h1"), "phuluc — appendix checker");
  const after = await page.textContent(".finding.error");
  assert.match(after, /ERROR/);
  assert.match(after, /Suggested correction: 13\.923/);
  assert.match(after, /shows 5\.624 but the items add up to 13\.923/);
  assert.doesNotMatch(after, /tổng các mục/);
  await page.click("#lang");
  await page.waitForFunction(() => document.documentElement.lang === "vi");
  assert.equal(await page.textContent("h1"), "phuluc — kiểm tra phụ lục");
  await context.close();
});

test("an amount to words and back", async () => {
  const { context, page } = await open();
  await page.fill("#amount", "3.277");
  await page.selectOption("#unit", "trieu");
  await page.click("#to-words button");
  await page.waitForFunction(() => document.querySelector("#words-out").textContent !== "");
  assert.equal(await page.textContent("#words-out"), "Ba tỷ hai trăm bảy mươi bảy triệu đồng");
  await page.fill("#words-text", "Một trăm hai mươi ba triệu bốn trăm năm mươi sáu nghìn đồng");
  await page.press("#words-text", "Enter");
  await page.waitForFunction(() => document.querySelector("#number-out").textContent !== "");
  assert.equal(await page.textContent("#number-out"), "123.456.000 đồng");
  await page.fill("#words-text", "ba tỷ xyz");
  await page.press("#words-text", "Enter");
  await page.waitForFunction(() => !document.querySelector("#number-out").textContent.includes("123"));
  assert.match(await page.textContent("#number-out"), /không đọc được/);
  await context.close();
});

test("at a phone's width nothing spills sideways", async () => {
  const { context, page } = await open(390, 844);
  await upload(page, [DA_KIA]);
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `page ${scroll}px wide in a ${width}px window`);
  await context.close();
});

test("beyond 127.0.0.1 a request without the token is refused", async () => {
  const withToken = new URL(URL_TOKEN);
  const bare = new URL(URL_TOKEN);
  bare.search = "";
  const refused = await open(1366, 768, bare.toString());
  assert.equal(refused.response.status(), 403);
  assert.match(await refused.page.textContent("body"), /mã truy cập/);
  await refused.context.close();
  const { context, page, response } = await open(1366, 768, withToken.toString());
  assert.equal(response.status(), 200);
  await upload(page, [DA_KIA]);
  assert.equal(await page.$$eval(".sheet td.error", (t) => t.length), 5);
  await context.close();
});
