// Open a page in headless Debian chromium at one screen width and print, as JSON, what a
// test checks: whether anything is wider than the screen, and the pairs the page shows.
// Usage: node page.js URL WIDTH HEIGHT SCREENSHOT.png
const puppeteer = require("puppeteer-core");
const [url, width, height, shot] = process.argv.slice(2);
(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({width: Number(width), height: Number(height)});
    await page.goto(url, {waitUntil: "load"});
    if (shot) await page.screenshot({path: shot, fullPage: true});
    console.log(JSON.stringify(await page.evaluate(() => ({
      screen: window.innerWidth,
      scrollWidth: document.documentElement.scrollWidth,
      widest: Math.max(...[...document.querySelectorAll("body *")].map(e => e.getBoundingClientRect().right)),
      rows: [...document.querySelectorAll(".row")].map(r => ({pair: Number(r.dataset.pair), status: r.classList[1]})),
      attention: [...document.querySelectorAll(".attention li")].map(li => li.textContent),
    }))));
  } finally {
    await browser.close();
  }
})().catch(error => { console.error(String(error)); process.exit(1); });
