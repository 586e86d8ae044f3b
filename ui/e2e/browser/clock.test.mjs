// The UI's business dates come from the core's clock, never from the browser's: the
// server's clock stands in July 2031 and the browser's in January 2019, and every page
// that shows or defaults to "today" shows the core's day. Whatever the machine's date.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { dataDir, serve, DEMO_PASSWORD, RESULTS } from '../harness.mjs';
import { launch, login } from './browser.mjs';

let server, browser, page;

before(async () => {
  const dir = dataDir({ demo: true });
  const clockFile = join(dir, 'clock');
  // Wednesday 16 July 2031, 09:30 in Vietnam.
  writeFileSync(clockFile, '2031-07-16T02:30:00Z');
  server = await serve(dir, { clockFile });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** `username` at a workstation whose own clock is years off (its timers still run). */
async function asUser(username) {
  await page?.context().close();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await context.clock.setFixedTime(new Date('2019-01-02T03:00:00Z'));
  page = await context.newPage();
  await page.goto(server.url);
  await login(page, username, DEMO_PASSWORD);
  await page.getByTestId('dashboard').waitFor();
}

test("the dashboard says the core's today", async () => {
  await asUser('cv.kt1');
  await page.getByText('Hôm nay là Thứ Tư, ngày 16 tháng 07 năm 2031').waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-clock-dashboard.png') });
});

test("the statistics open on the core's month and the calendar on its month, today marked", async () => {
  await page.goto(`${server.url}#/directions/stats`);
  await page.getByTestId('stats-summary').waitFor();
  assert.equal(await page.getByTestId('period-number').inputValue(), '7');
  assert.equal(await page.getByRole('spinbutton', { name: 'Năm' }).inputValue(), '2031');
  await page.goto(`${server.url}#/calendar`);
  assert.equal(await page.getByTestId('calendar-month').innerText(), 'Tháng 7/2031');
  await page.locator('[data-date="2031-07-16"].today').waitFor();
});

test("a date picker's month grid opens on the core's month", async () => {
  await page.goto(`${server.url}#/directions`);
  const filter = page.locator('.filters').first();
  await filter.getByRole('button', { name: 'Chọn ngày trên lịch' }).first().click();
  await page.getByText('Tháng 7/2031').first().waitFor();
});

test("the clerk's registration form takes the core's day and hour as the arrival", async () => {
  await asUser('vt1');
  await page.goto(`${server.url}#/incoming/new`);
  const received = page.locator('input[name=receivedDay]');
  await received.waitFor();
  assert.equal(await received.inputValue(), '16/07/2031');
});
