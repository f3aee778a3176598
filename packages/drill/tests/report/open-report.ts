import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { findChromium } from './chromium.ts';

/** One `svg[data-chart]` as Chromium laid it out. */
export interface ChartFacts {
  readonly kind: string;
  readonly client: string;
  readonly label: string;
  /** CSS pixels; 0 when the chart was not laid out (hidden, or collapsed by the stylesheet). */
  readonly width: number;
  readonly height: number;
}

/** What a reader of the report would see, and what the page tried to fetch. */
export interface ReportFacts {
  readonly title: string;
  /** The page's visible text (`innerText`, so hidden text is left out). */
  readonly text: string;
  readonly charts: readonly ChartFacts[];
  /** Charts by kind, then by client: `chartCounts.latency?.redis` is 1 in a sound report. */
  readonly chartCounts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Every request for something other than the file itself: each was blocked. */
  readonly networkRequests: readonly string[];
  /** Console errors and uncaught page errors (a Content-Security-Policy refusal lands here). */
  readonly errors: readonly string[];
}

export interface OpenReportOptions {
  /** CSS pixels; the page is laid out at this width. Default 1280, as the README shows it. */
  readonly width?: number;
  /** Crop the screenshot below the first element this CSS selector matches; default: the whole page. */
  readonly endAt?: string;
}

/**
 * Opens an HTML report from disk in headless Chromium with the network cut off: every request
 * that is not for a `file:` URL is failed and recorded, so a report that would phone home (a
 * CDN font, a charting script) shows up in `networkRequests` instead of working by luck.
 * Writes a PNG screenshot and returns what the page showed.
 */
export async function openReport(
  htmlPath: string,
  screenshotPath: string,
  options: OpenReportOptions = {},
): Promise<ReportFacts> {
  const browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    // Root in a container: no user namespaces for the sandbox, no GPU, a small /dev/shm.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const width = options.width ?? 1280;
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      serviceWorkers: 'block',
    });
    const networkRequests: string[] = [];
    const errors: string[] = [];
    // Every request is counted as the page makes it; all but the file's own are then failed.
    await context.route('**/*', (route) =>
      route.request().url().startsWith('file:') ? route.continue() : route.abort('blockedbyclient'),
    );
    const page = await context.newPage();
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) networkRequests.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));

    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });

    const charts: ChartFacts[] = [];
    for (const svg of await page.locator('svg[data-chart]').all()) {
      const box = await svg.boundingBox();
      charts.push({
        kind: (await svg.getAttribute('data-chart')) ?? '',
        client: (await svg.getAttribute('data-client')) ?? '',
        label: (await svg.getAttribute('aria-label')) ?? '',
        width: box?.width ?? 0,
        height: box?.height ?? 0,
      });
    }
    const chartCounts: Record<string, Record<string, number>> = {};
    for (const { kind, client } of charts) {
      const byClient = (chartCounts[kind] ??= {});
      byClient[client] = (byClient[client] ?? 0) + 1;
    }

    let height = Number(await page.evaluate('document.documentElement.scrollHeight'));
    if (options.endAt !== undefined) {
      const box = await page.locator(options.endAt).first().boundingBox();
      if (box === null) throw new Error(`openReport: nothing on the page matches ${options.endAt}`);
      // Bounding boxes are relative to the viewport, which is still at the top of the page.
      height = Math.min(height, Math.ceil(box.y + box.height + 24));
    }
    await page.screenshot({
      path: screenshotPath,
      fullPage: true,
      clip: { x: 0, y: 0, width, height },
    });

    return {
      title: await page.title(),
      text: await page.locator('body').innerText(),
      charts,
      chartCounts,
      networkRequests,
      errors,
    };
  } finally {
    await browser.close();
  }
}
