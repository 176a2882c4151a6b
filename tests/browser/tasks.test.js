// Opens the unit and tracking pages of the built sample intranet from
// file:// with the browser's clock set to a fixed day, and checks the marks
// that tasks.js puts from that day: the overdue task marked overdue, the one
// due within a week marked due soon, the done one neither; and that the
// filters of theo-doi/ hide the tasks of other units.
//
// The sample's tasks (content/van-ban): the Báo's one-off task due
// 2026-05-15 and its May quota (period ends 2026-05-31), the Ban Tuyên
// giáo's follow-up due 2026-06-30, the Đoàn Thanh niên's report task, done
// by Báo cáo 45-BC/ĐTN.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { SITE, launch } = require('./lib/site');

const TODAY = new Date('2026-06-26T09:00:00+07:00');

let browser;

before(async () => {
  assert.ok(
    fs.existsSync(path.join(SITE, 'theo-doi', 'index.html')),
    `no built sample site with tasks in ${SITE}: run \`cargo run -- build\` first or set NOIBO_SITE`,
  );
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
});

async function open(rel, clock = TODAY) {
  const context = await browser.newContext({ javaScriptEnabled: true, timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.clock.setFixedTime(clock);
  await page.goto(pathToFileURL(path.join(SITE, rel)).href);
  return { context, page, errors };
}

/** Each task on the page: its text, classes and visible mark. */
function tasks(page) {
  return page.$$eval('li.task', (items) =>
    items.map((li) => ({
      what: li.querySelector('.task-what').textContent,
      state: li.dataset.state,
      overdue: li.classList.contains('is-overdue'),
      soon: li.classList.contains('is-due-soon'),
      flag: li.querySelector('.due-flag').hidden ? null : li.querySelector('.due-flag').textContent,
      hidden: li.hidden,
    })),
  );
}

test('theo-doi/: overdue and due-soon marks from the fixed day', async () => {
  const { context, page, errors } = await open('theo-doi/index.html');
  const list = await tasks(page);
  assert.deepEqual(
    list.map((t) => [t.what.slice(0, 24), t.overdue, t.soon, t.flag]),
    [
      ['Mở chuyên trang, chuyên ', true, false, 'Quá hạn'],
      ['Cung cấp cho Tạp chí Cộn', true, false, 'Quá hạn'],
      ['Định hướng nội dung tuyê', false, true, 'Sắp đến hạn'],
    ],
  );
  assert.ok(list.every((t) => t.state === 'open'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a month earlier, nothing is overdue and only the nearest task is due soon', async () => {
  const { context, page } = await open('theo-doi/index.html', new Date('2026-05-10T09:00:00+07:00'));
  const list = await tasks(page);
  assert.deepEqual(list.map((t) => [t.overdue, t.soon]), [[false, true], [false, false], [false, false]]);
  await context.close();
});

test('the done task is marked neither overdue nor due soon', async () => {
  const { context, page, errors } = await open('don-vi/doan-thanh-nien-dang-uy-ubnd-tinh-thai-nguyen/index.html');
  const list = await tasks(page);
  assert.equal(list.length, 1);
  assert.equal(list[0].state, 'done');
  assert.equal(list[0].overdue, false);
  assert.equal(list[0].soon, false);
  assert.equal(list[0].flag, null);
  const answered = await page.$eval('li.task .task-done-by a', (a) => a.textContent);
  assert.equal(answered, 'Báo cáo số 45-BC/ĐTN');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the filters of theo-doi/ keep the tasks of one unit, or of one issuer', async () => {
  const { context, page } = await open('theo-doi/index.html');
  assert.equal(await page.$eval('form.task-filters', (f) => f.hidden), false);
  await page.selectOption('select[name=unit]', 'Ban Tuyên giáo và Dân vận Thành ủy');
  let shown = (await tasks(page)).filter((t) => !t.hidden);
  assert.deepEqual(shown.map((t) => t.what.slice(0, 10)), ['Định hướng']);
  assert.equal(await page.textContent('.shown-count'), '1');
  await page.selectOption('select[name=unit]', '');
  await page.selectOption('select[name=issuer]', 'Thành ủy Cần Thơ');
  shown = (await tasks(page)).filter((t) => !t.hidden);
  assert.equal(shown.length, 3);
  await context.close();
});

test('the unit page shows April met and May short of the quota', async () => {
  const { context, page } = await open('don-vi/bao-va-phat-thanh-truyen-hinh-can-tho/index.html');
  const rows = await page.$$eval('table.periods tbody tr', (trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ').trim()));
  assert.deepEqual(rows, [
    'Tháng 4/2026 bài viết 3/3 · video 2/2 · podcast 1/1 Đạt chỉ tiêu',
    'Tháng 5/2026 bài viết 1/3 · video 2/2 · podcast 0/1 Chưa đạt',
  ]);
  await context.close();
});

test('without JavaScript every open task is listed with its date', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(pathToFileURL(path.join(SITE, 'theo-doi/index.html')).href);
  const dates = await page.$$eval('li.task time', (ts) => ts.map((t) => t.textContent));
  assert.deepEqual(dates, ['15/05/2026', '31/05/2026', '30/06/2026']);
  assert.equal(await page.$$eval('.due-flag:not([hidden])', (f) => f.length), 0);
  await context.close();
});
