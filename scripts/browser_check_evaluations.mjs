// /evaluate in a real browser (Chromium, headless, a phone's screen): an outside rater opens the ballot
// with a one-time code, sends it half filled (refused, nothing kept), fills it and sends it (kept); the
// same code again is refused; after the lead office closes the round (HELPER_CMD, on the server) the
// second code is refused too; then a unit's signed 公开承诺 is read and searched at /commitments.
// Screenshots go to $OUT (docs/ keeps the ballot's for the README).
//
//   ZGZ_URL=http://127.0.0.1:8021 HELPER_CMD="…/env/bin/python …/evaluation_check_helper.py site" \
//   OUT=/tmp/shots NODE_PATH=<a folder>/node_modules node scripts/browser_check_evaluations.mjs
import { execSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const base = process.env.ZGZ_URL, out = process.env.OUT || "/tmp";
mkdirSync(out, { recursive: true });
const helper = (...args) => execSync(`${process.env.HELPER_CMD} ${args.join(" ")}`).toString().trim();
const check = (ok, what) => { if (!ok) throw new Error("FAIL: " + what); console.log("ok: " + what); };

const [first, second] = helper("prepare").split(" ");
check(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/.test(second), "an open round with two one-time codes");
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: "zh-CN" });
const alertText = async () => {
	await page.waitForSelector("#zgz-alert", { state: "visible" });
	return (await page.textContent("#zgz-alert")).trim();
};

try {
	await page.goto(`${base}/evaluate?code=${first}`);
	check((await page.textContent("h1")).includes("公开评议"), "the page is in Chinese");
	check((await page.inputValue("#code")) === first, "the code from the link is filled in");
	await page.click("#zgz-code-form button[type=submit]");
	await page.waitForSelector("#zgz-ballot", { state: "visible" });
	const legends = await page.$$eval("#b-units legend", (l) => l.map((x) => x.textContent));
	check(legends.length === 5, "the ballot lists the round's units: " + legends.join(" / "));
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	check(width <= 390, `it fits a phone's width (${width}px)`);
	check(!/排名|总分|名次/.test(await page.textContent("#zgz-ballot")), "and shows no result");

	const rate = async (u, rating, score) => {
		await page.check(`[name=u${u}c0][value='${rating}']`);
		await page.fill(`[name=u${u}c1]`, score);
	};
	for (const u of [0, 1, 2, 3]) await rate(u, "Satisfied", "92");
	await page.click("#zgz-ballot button[type=submit]");
	const partial = await alertText();
	check(partial.includes("未保存任何内容"), "half a ballot is refused whole: " + partial);
	check(helper("ballots") === "0", "and nothing of it is kept");
	const seen = await page.$eval("#zgz-alert", (a) => {
		const r = a.getBoundingClientRect();
		return r.top >= 0 && r.bottom <= window.innerHeight;
	});
	check(seen, "the refusal is scrolled into view from the button at the page's foot");

	await rate(4, "Basically Satisfied", "75");
	await page.screenshot({ path: `${out}/evaluate-page.png`, fullPage: true });
	await page.click("#zgz-ballot button[type=submit]");
	await page.waitForSelector("#zgz-done", { state: "visible" });
	check((await page.textContent("#zgz-done")).includes("已记录"), "the whole ballot is taken");
	check(helper("ballots") === "5", "one ballot per unit is kept");

	await page.goto(`${base}/evaluate?code=${first}`);
	await page.click("#zgz-code-form button[type=submit]");
	const used = await alertText();
	check(!(await page.isVisible("#zgz-ballot")), "the same code again opens nothing: " + used);

	check(helper("close") === "closed", "the lead office closes the round");
	await page.goto(`${base}/evaluate`);
	await page.fill("#code", second);
	await page.click("#zgz-code-form button[type=submit]");
	const closed = await alertText();
	check(!(await page.isVisible("#zgz-ballot")), "an unused code takes nothing after closing: " + closed);

	// 公开承诺: a unit's signed commitment is on /commitments for anyone, and its search finds it
	check(helper("commitment") === "Made Public", "a unit's head signs its 公开承诺");
	const service = "浏览器检查规划条件核实";
	await page.goto(`${base}/commitments`);
	check((await page.textContent("h1")).includes("服务承诺公开"), "/commitments is in Chinese");
	check((await page.textContent(".zgz-commitments")).includes(service), "the signed commitment is shown to a guest");
	const cwidth = await page.evaluate(() => document.documentElement.scrollWidth);
	check(cwidth <= 390, `it fits a phone's width (${cwidth}px)`);
	await page.fill("input[name=q]", service);
	await Promise.all([page.waitForNavigation(), page.press("input[name=q]", "Enter")]);
	check((await page.$$("section")).length === 1, "searching its service keeps only its unit");
	await page.screenshot({ path: `${out}/commitments-search.png`, fullPage: true });
	await page.fill("input[name=q]", "没有这项服务");
	await Promise.all([page.waitForNavigation(), page.press("input[name=q]", "Enter")]);
	check((await page.textContent(".zgz-commitments")).includes("没有找到"), "a search that finds nothing says so");
} finally {
	await browser.close();
	helper("forget");
}
console.log("ok: /evaluate and /commitments in Chromium");
