// The demo page in headless Chromium (Debian's, or the one npm's @sparticuz/chromium ships;
// driven by playwright-core): the tutorial's experiment runs in the page with trials in Web
// Workers, tfjs-wasm loaded from local files.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize } from "node:path";
import { launchChromium } from "./helpers/chromium.js";

const test = suite("browser");
const root = new URL("..", import.meta.url).pathname;
const types: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".csv": "text/csv",
  ".map": "application/json",
};

function serve(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url!, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, base: `http://127.0.0.1:${(server.address() as { port: number }).port}` }),
    ),
  );
}

test("the demo page runs Hyperband + bayesopt with tfjs trials in Web Workers", async () => {
  const { server, base } = await serve();
  const { browser } = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${base}/examples/browser/index.html?timeOut=25&workers=2`);
    await page.waitForFunction(() => document.title === "done", undefined, { timeout: 120000 });
    const result = await page.evaluate(() => (window as unknown as { hpoResult: Record<string, unknown> }).hpoResult);
    mkdirSync(join(root, "results"), { recursive: true });
    await page.screenshot({ path: join(root, "results/browser-demo.png") });
    assert.is(result.error, undefined, String(result.error));
    assert.equal(errors, []);
    assert.equal(result.failed, []);
    assert.ok((result.trials as number) >= 3, `${result.trials} trials`);
    assert.ok((result.completed as number) >= 1, `${result.completed} completed`);
    assert.ok((result.best as number) > 0.5, `best validation accuracy ${result.best}`);
    assert.ok((result.threadServed as number) >= 1, `${result.threadServed} configs from the searcher's Web Worker`);
    // the page's dashboard shows the in-page run
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll("#incumbent circle.pt").length > 0 &&
        document.body.textContent!.includes(`${n} trials`),
      result.trials,
      { timeout: 3000 },
    );
  } finally {
    await browser.close();
    server.close();
  }
});

test("a Web Worker (classic or module) that crashes fails its trial and is replaced; the run goes on", async () => {
  const { server, base } = await serve();
  const { browser } = await launchChromium();
  try {
    for (const type of ["classic", "module"]) {
      const page = await browser.newPage();
      await page.goto(`${base}/tests/fixtures/browser/crash.html?type=${type}`);
      await page.waitForFunction(() => document.title === "done", undefined, { timeout: 60000 });
      const result = await page.evaluate(
        () => (window as unknown as { result: { x: number; status: string; error: string | null }[] }).result,
      );
      assert.is(result.length, 12, `${type}: ${JSON.stringify(result)}`);
      for (const t of result) {
        if (t.x > 0.6) {
          assert.is(t.status, "failed");
          assert.match(t.error!, `failed: the Web Worker threw: Uncaught Error: worker crash at x = ${t.x}`);
        } else assert.is(t.status, "completed");
      }
      assert.ok(result.some((t) => t.status === "failed") && result.some((t) => t.status === "completed"));
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
});

test.run();
