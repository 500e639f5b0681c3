// Opens daleel's GraphiQL playground in headless Chromium with every request off
// 127.0.0.1 refused (so it must work offline), runs the preloaded example query, and
// prints what the result pane and the documentation explorer show, and how an Arabic
// text in the answer is laid out.
//
//   node playground.mjs http://127.0.0.1:PORT/graphql "Al-Khatib prison" "سجن الخطيب"
import { chromium } from 'playwright-core';

const [url, expected, arabic] = process.argv.slice(2);
if (!url || !expected) {
  console.error('usage: node playground.mjs URL EXPECTED_TEXT');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
const offsite = [];
const problems = [];
try {
  const page = await browser.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.route('**/*', (route) => {
    const requested = new URL(route.request().url());
    if (requested.hostname === '127.0.0.1' || requested.protocol === 'data:') {
      return route.continue();
    }
    offsite.push(requested.href);
    return route.abort('blockedbyclient');
  });

  await page.goto(url, { waitUntil: 'load' });
  const run = page.locator('.graphiql-execute-button');
  await run.waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForFunction(
    () => document.querySelector('.graphiql-query-editor')?.textContent.includes('facilities'),
    null,
    { timeout: 30_000 },
  );
  console.log('graphiql loaded with the example query');

  await run.click();
  await page.waitForFunction(
    (text) => document.querySelector('.graphiql-response')?.textContent.includes(text),
    expected,
    { timeout: 30_000 },
  );
  // CodeMirror pads with non-breaking spaces: normalise before quoting the answer.
  const answer = (await page.locator('.graphiql-response').textContent()).replace(/\s+/g, ' ');
  const found = answer.match(/"name": "[^"]*"/);
  console.log(`result pane shows ${found ? found[0] : answer.slice(0, 200)}`);

  if (arabic) {
    // Right to left: the Arabic text's first letter is drawn to the right of its last.
    const layout = await page.evaluate((text) => {
      const pane = document.querySelector('.graphiql-response');
      const walker = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent.indexOf(text);
        if (at < 0) continue;
        const box = (i) => {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          return range.getBoundingClientRect();
        };
        const first = box(at);
        const last = box(at + text.length - 1);
        return first.left > last.left ? 'right to left' : 'left to right';
      }
      return 'missing';
    }, arabic);
    console.log(`result pane lays ${arabic} out ${layout}`);
  }

  // The schema docs are browsable: from the query root type to a field's description.
  await page.locator('[aria-label="Show Documentation Explorer"]').click();
  const docs = page.locator('.graphiql-doc-explorer');
  await docs.locator('a.graphiql-doc-explorer-type-name').first().click({ timeout: 30_000 });
  const field = docs.locator('.graphiql-doc-explorer-field-name', { hasText: /^facilities$/ });
  await field.first().waitFor({ timeout: 30_000 });
  const title = await docs.locator('.graphiql-doc-explorer-title').textContent();
  console.log(`docs explorer shows ${title} with its field facilities`);
} catch (err) {
  problems.push(`failed: ${err.message}`);
} finally {
  await browser.close();
}

if (offsite.length > 0) {
  problems.push(`requests left 127.0.0.1: ${offsite.join(', ')}`);
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('no request left 127.0.0.1');
