// A headless Chromium for the browser tests: Debian's /usr/bin/chromium when installed (.ci/run
// installs it), else the binary that the npm package @sparticuz/chromium ships inside itself, so
// `npm test` works on a machine with nothing but Node and npm.
import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";

const DEBIAN = "/usr/bin/chromium";
const QUIET = [
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export async function launchChromium(): Promise<{ browser: Browser; which: string }> {
  const { chromium } = await import("playwright-core");
  if (existsSync(DEBIAN)) {
    const browser = await chromium.launch({
      executablePath: DEBIAN,
      args: ["--headless", "--no-sandbox", "--disable-gpu", ...QUIET],
    });
    return { browser, which: DEBIAN };
  }
  const npmChromium = (await import("@sparticuz/chromium")).default;
  const executablePath = await npmChromium.executablePath();
  // its --single-process flag ends the browser when a page closes; the tests open several
  const args = npmChromium.args.filter((a: string) => a !== "--single-process");
  const browser = await chromium.launch({ executablePath, args: [...args, ...QUIET] });
  return { browser, which: `@sparticuz/chromium (${executablePath})` };
}
