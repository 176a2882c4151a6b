const path = require('path');
const { serve, launch } = require('/work/main/tests/browser/lib/site.js');
(async () => {
  const site = process.argv[2]; const qs = process.argv.slice(3);
  const browser = await launch();
  const server = await serve(site);
  for (const q of qs) for (let k = 0; k < 2; k++) {
  const page = await browser.newPage();
  await page.goto(server.url + 'search/index.html');
  await page.waitForFunction(() => window.noiboSearch);
  await page.evaluate(() => window.noiboSearch.ready());
  await page.waitForFunction(() => !document.getElementById('noibo-search').hasAttribute('aria-busy'));
  const r = await page.evaluate((text) => new Promise((resolve) => {
    const input = document.querySelector('.ns input[name=q]');
    const box = document.getElementById('noibo-search');
    const t0 = performance.now();
    const obs = new MutationObserver(() => {
      if (box.hasAttribute('aria-busy')) return;
      obs.disconnect();
      const t1 = performance.now();
      setTimeout(() => {
        const es = performance.getEntriesByType('resource').filter((e) => e.startTime >= t0).map((e) => [e.name.split('/').pop().split('?')[0], (e.startTime - t0).toFixed(0), (e.responseStart - t0).toFixed(0), (e.responseEnd - t0).toFixed(0), e.transferSize]);
        resolve({ ms: t1 - t0, es });
      }, 50);
    });
    obs.observe(box, { attributes: true, childList: true, subtree: true });
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }), q);
  console.log(q, 'ms', r.ms.toFixed(1));
  const groups = {};
  for (const e of r.es) { const g = e[0][0]; (groups[g] = groups[g] || []).push(e); }
  for (const [g, es] of Object.entries(groups)) console.log('  ', g, es.length, 'start', Math.min(...es.map(e=>+e[1])), '-', Math.max(...es.map(e=>+e[1])), 'firstbyte', Math.min(...es.map(e=>+e[2])),'-',Math.max(...es.map(e=>+e[2])), 'end', Math.min(...es.map(e=>+e[3])), '-', Math.max(...es.map(e=>+e[3])));
  await page.close();
  }
  await browser.close(); await server.close();
})();
