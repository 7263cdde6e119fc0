// The public pages in a real browser (Chromium, headless, a phone's screen): file a complaint with a
// wrong CAPTCHA (refused, new sum), then with a name kept confidential and a photo attached, read the
// tracking code, track it; the office answers it (HELPER_CMD, on the server); track the reply and rate
// it once; file anonymously; then delete what it filed. Screenshots go to $OUT (docs/ keeps the filing
// page's for the README). How to run it: README, "The public's channel".
//
//   ZGZ_URL=http://127.0.0.1:8021 HELPER_CMD="…/env/bin/python …/complaint_check_helper.py site" \
//   OUT=/tmp/shots NODE_PATH=<a folder>/node_modules node scripts/browser_check_complaints.mjs
import { execSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const base = process.env.ZGZ_URL, out = process.env.OUT || "/tmp";
mkdirSync(out, { recursive: true });
const helper = (...args) => execSync(`${process.env.HELPER_CMD} ${args.join(" ")}`).toString().trim();
const answer = (token) => helper("captcha", token);
// a small PNG (1×1), as a phone's camera would hand over a photo
const PNG = Buffer.from(
	"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
	"base64",
);
helper("reset"); // the address's hourly limits, so a run soon after another is not refused
console.log("ok: " + helper("prepare")); // the filing page offers the units of a campaign in progress
const check = (ok, what) => { if (!ok) { console.error("FAIL: " + what); process.exit(1); } console.log("ok: " + what); };

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: "zh-CN" });

await page.goto(base + "/complaint");
check((await page.textContent("h1")).includes("投诉举报与意见建议"), "the filing page is in Chinese");
const width = await page.evaluate(() => document.documentElement.scrollWidth);
check(width <= 390, `it fits a phone's width (${width}px)`);
const unitOptions = await page.$$eval("#unit option", (o) => o.map((x) => x.textContent));
check(unitOptions[0] === "不确定", "units are offered, 不确定 first: " + unitOptions.join(" / "));

await page.fill("#description", "在政务服务大厅办理不动产登记，窗口工作人员推诿，让我来回跑了三趟仍未办结。");
await page.fill("#happened_when", "2018年9月3日上午");
await page.fill("#happened_where", "政务服务大厅 5 号窗口");
await page.fill("#name", "王秀英");
await page.fill("#phone", "13800000000");
await page.check("#keep_confidential");
await page.setInputFiles("#files", { name: "窗口排队.png", mimeType: "image/png", buffer: PNG });
await page.fill("#captcha_answer", "-1");
const firstToken = await page.inputValue("#captcha_token");
await page.screenshot({ path: `${out}/complaint-page.png`, fullPage: true });
await page.click("button[type=submit]");
await page.waitForSelector("#zgz-alert", { state: "visible" });
check((await page.textContent("#zgz-alert")).includes("答案不正确"), "a wrong sum is refused: " + (await page.textContent("#zgz-alert")));
check((await page.inputValue("#captcha_token")) !== firstToken, "and a new sum is drawn");

await page.fill("#captcha_answer", answer(await page.inputValue("#captcha_token")));
await page.click("button[type=submit]");
await page.waitForSelector("#zgz-done", { state: "visible" });
const code = (await page.textContent("#zgz-code")).trim();
check(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/.test(code), "filed with a name: tracking code " + code);
check(helper("attachments", code) === "1", "the photo uploaded with it is kept on the complaint");
await page.screenshot({ path: `${out}/complaint-filed.png`, fullPage: true });

await page.goto(base + "/complaint/track");
await page.fill("#code", code);
await page.click("button[type=submit]");
await page.waitForSelector("#zgz-result", { state: "visible" });
check((await page.textContent("#r-status")).includes("已受理"), "tracked: " + (await page.textContent("#r-status")));
await page.screenshot({ path: `${out}/complaint-track.png`, fullPage: true });
await page.fill("#code", "ABCD-EFGH-JKMN-PQRS");
await page.click("button[type=submit]");
await page.waitForSelector("#zgz-alert", { state: "visible" });
check((await page.textContent("#zgz-alert")).includes("没有与该查询码对应的投诉"), "an unknown code is refused");

check(helper("answer", code) === "Answered", "the office passed it to the unit, which answered");
await page.fill("#code", code);
await page.click("button[type=submit]");
await page.waitForSelector("#zgz-rate", { state: "visible" });
check((await page.textContent("#r-reply")).includes("经核查"), "the reply is on the tracking page");
check(!(await page.content()).includes("诫勉谈话"), "and never the internal note");
const labels = await page.$$eval("#zgz-ratings button", (b) => b.map((x) => x.textContent));
check(labels.join("/") === "满意/基本满意/不满意", "three ratings are offered: " + labels.join(" / "));
await page.click("#zgz-ratings button[data-rating=Satisfied]");
await page.waitForSelector("#zgz-rate", { state: "hidden" });
check((await page.textContent("#r-rating")).trim() === "满意", "rated 满意, and not offered again");
await page.screenshot({ path: `${out}/complaint-rated.png`, fullPage: true });
await page.click("#zgz-track-form button[type=submit]");
await page.waitForSelector("#r-rating", { state: "visible" });
check(!(await page.isVisible("#zgz-rate")), "looked up again: the rating stays, no second one");

await page.goto(base + "/complaint");
await page.fill("#description", "建议在办事大厅增设自助查询机，减少排队等候时间。");
await page.selectOption("#kind", "Suggestion");
await page.check("#anonymous");
check(!(await page.isVisible("#name")), "anonymous hides the contact fields");
await page.fill("#captcha_answer", answer(await page.inputValue("#captcha_token")));
await page.click("button[type=submit]");
await page.waitForSelector("#zgz-done", { state: "visible" });
const anonymous = (await page.textContent("#zgz-code")).trim();
check(/^[A-Z2-9]{4}-/.test(anonymous), "filed anonymously");
await browser.close();
helper("forget", code, anonymous);
console.log("ok: the public pages in Chromium");
