// Runs axe-core (WCAG 2.1 A/AA) in headless Debian Chromium on each page.
// Usage: node axe.js BASE_URL PATH... ; exit 1 if any page has a violation.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

(async () => {
  const [base, ...pages] = process.argv.slice(2);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ent-rgpd-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let violations = 0;
  try {
    const page = await context.newPage();
    for (const p of pages) {
      const response = await page.goto(base + p, { waitUntil: 'load' });
      if (!response || !response.ok()) {
        console.log(`${p}: page introuvable (${response && response.status()})`);
        violations++;
        continue;
      }
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(
        (tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } }), TAGS);
      for (const v of result.violations) {
        violations += v.nodes.length;
        for (const n of v.nodes) console.log(`${p}: ${v.id} (${v.impact}) ${n.target.join(' ')} – ${v.help}`);
      }
    }
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(`axe : ${pages.length} pages vérifiées, ${violations} violations WCAG 2.1 A/AA`);
  process.exit(violations ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
