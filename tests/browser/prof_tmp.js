const path = require('path');
const repo = '/work/main';
const { serve, launch } = require(path.join(repo, 'tests/browser/lib/site.js'));
(async () => {
  const site = process.argv[2]; const q = process.argv[3] || 'xay dung dang dien tu';
  const browser = await launch();
  const server = await serve(site);
  const page = await browser.newPage();
  await page.goto(server.url + 'search/index.html');
  await page.waitForFunction(() => window.noiboSearch);
  await page.evaluate(() => window.noiboSearch.ready());
  await page.waitForFunction(() => !document.getElementById('noibo-search').hasAttribute('aria-busy'));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const reqs = [];
  const t00 = Date.now();
  page.on('request', (r) => reqs.push([Date.now() - t00, 'req', r.url().replace(server.url, '')]));
  page.on('requestfinished', (r) => reqs.push([Date.now() - t00, 'done', r.url().replace(server.url, '')]));
  const r = await page.evaluate((text) => new Promise((resolve) => {
    const input = document.querySelector('.ns input[name=q]');
    const box = document.getElementById('noibo-search');
    const t0 = performance.now();
    const marks = [];
    const obs = new MutationObserver(() => {
      marks.push((performance.now() - t0).toFixed(1) + (box.hasAttribute('aria-busy') ? ' busy' : ' idle'));
      if (box.hasAttribute('aria-busy')) return;
      obs.disconnect();
      resolve({ ms: performance.now() - t0, marks });
    });
    obs.observe(box, { attributes: true, childList: true, subtree: true });
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }), q);
  const { profile } = await cdp.send('Profiler.stop');
  console.log('ms', r.ms.toFixed(1), r.marks.join(', '));
  for (const x of reqs) console.log(x.join(' '));
  // self time by function
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas; let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]); const d = dt[i] / 1000; total += d;
    const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(k, (self.get(k) || 0) + d);
  }
  console.log('profile total ms', total.toFixed(1));
  { let t = profile.startTime; const b = new Map();
    const parentOf = new Map(); for (const n of profile.nodes) for (const c of (n.children||[])) parentOf.set(c, n.id);
    for (let i = 0; i < profile.samples.length; i++) { t += dt[i]; const n = byId.get(profile.samples[i]);
      let nm = n.callFrame.functionName || '(anon)'; if (nm === '(idle)') continue;
      // outermost named js frame
      let id = n.id, outer = nm; while (parentOf.has(id)) { id = parentOf.get(id); const f = byId.get(id).callFrame; if (f.url) outer = (f.functionName||'anon') + ':' + f.url.split('/').pop() + ':' + f.lineNumber; }
      const k = Math.floor((t - profile.startTime) / 5000) * 5; if (!b.has(k)) b.set(k, new Map()); const m = b.get(k); const key = nm + ' <' + outer; m.set(key, (m.get(key)||0) + dt[i]/1000); }
    for (const [k, m] of [...b.entries()].sort((a,b)=>a[0]-b[0])) console.log(String(k).padStart(4), [...m.entries()].sort((a,b)=>b[1]-a[1]).slice(0,3).map(([x,v])=>x+' '+v.toFixed(1)).join(' | ')); }
  [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).forEach(([k, v]) => console.log(v.toFixed(1).padStart(7), k));
  await browser.close(); await server.close();
})();
