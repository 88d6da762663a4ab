// Open a chapter of an EPUB in epub.js (paginated) in headless Debian chromium at one screen
// size and print, as JSON, where each parallel pair's cells landed (see epubjs.html).
// Usage: node epubjs.js URL WIDTH HEIGHT SCREENSHOT.png
const puppeteer = require("puppeteer-core");
const [url, width, height, shot] = process.argv.slice(2);
(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu"],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({width: Number(width), height: Number(height)});
    await page.goto(url, {waitUntil: "load"});
    await page.waitForFunction("window.result", {timeout: 60000});
    if (shot) await page.screenshot({path: shot});
    console.log(JSON.stringify(await page.evaluate("window.result")));
  } finally {
    await browser.close();
  }
})().catch(error => { console.error(String(error)); process.exit(1); });
