// A written round (phiếu lấy ý kiến) as a new member meets it, on the demo's year of
// rounds with a fixed clock: the bell holds only the round still open (those closed
// months ago have left it); the form chooses nothing for the member and says so next
// to the choices when sent without one; the tally says nothing about passing before
// the answers do; the bell counts the working days left as the calendar does (a weekend
// between) and says it once per deadline; a closed round leaves the bell.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { dataDir, serve, DEMO_PASSWORD, RESULTS } from '../harness.mjs';
import { launch, deskOf } from './browser.mjs';

let server, browser, clockFile, roundUrl, page;

before(async () => {
  // 10:00 on Tuesday 1 December 2026: the December round went out at 09:00, due in five
  // working days (Tuesday 8 December); the rounds of January to November are closed.
  const dir = dataDir({ demo: true, documentsPerDay: 1, clock: '2026-12-01T03:00:00Z' });
  clockFile = join(dir, 'clock');
  server = await serve(dir, { clockFile });
  browser = await launch();
});

after(async () => {
  await page?.context().close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

/** The bell of whoever is on `page`, opened and read afresh: its alerts. */
async function bell() {
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/alert_list')),
    page.getByTestId('bell').click(),
  ]);
  const alerts = page.getByTestId('alerts');
  await alerts.waitFor();
  return alerts;
}

/** Kind and text of the alerts the bell shows about written rounds. */
async function roundAlerts(alerts) {
  const items = alerts.getByTestId('alert').filter({ hasText: 'Lấy ý kiến' });
  const out = [];
  for (const item of await items.all()) out.push([await item.getAttribute('data-kind'), await item.innerText()]);
  return out;
}

test('the bell holds the open round only: rounds closed months ago have left it', async () => {
  page = await deskOf(browser, server.url, 'tv3', DEMO_PASSWORD, page);
  await page.getByTestId('bell-count').waitFor();
  const alerts = await bell();
  await alerts.locator('[data-kind=opinion_request]').first().waitFor();
  const kinds = (await roundAlerts(alerts)).map(([kind]) => kind);
  assert.deepEqual(kinds, ['opinion_request'], 'eleven closed rounds asked and reminded; only December is open');
  await alerts.locator('[data-kind=opinion_request]').click();
  await page.getByTestId('round').waitFor();
  roundUrl = page.url();
});

test('the form chooses nothing; sent without a choice it says so by the choices; the tally waits for answers', async () => {
  const question = page.getByTestId('question').first();
  const form = question.getByTestId('answer-form');
  await form.waitFor();
  assert.equal(await form.locator('input[type=radio]').count(), 3);
  assert.equal(await form.locator('input[type=radio]:checked').count(), 0, 'no choice made for the member');
  const tally = question.getByTestId('tally');
  assert.match(await tally.innerText(), /Đồng ý 0, không đồng ý 0, ý kiến khác 0, chưa trả lời 8/);
  assert.equal(await tally.getByTestId('tally-outcome').count(), 0, 'nothing about passing before any answer');
  assert.doesNotMatch(await tally.innerText(), /quá nửa/);

  await form.getByTestId('answer-save').click();
  const error = form.getByTestId('choice-error');
  await error.waitFor();
  assert.equal(await error.innerText(), 'Chọn Đồng ý, Không đồng ý hoặc Ý kiến khác.');
  assert.equal(await form.getByRole('radiogroup').getAttribute('aria-invalid'), 'true');
  assert.equal(await form.getByTestId('answer-save').innerText(), 'Gửi ý kiến', 'nothing was sent');
  await page.screenshot({ path: join(RESULTS, 'browser-round-no-choice.png') });
  // The same in English.
  await page.getByTestId('lang-switch').click();
  await form.getByText('Choose Agree, Disagree or Other opinion.').waitFor();
  await page.getByTestId('lang-switch').click();
  await error.getByText('Chọn Đồng ý').waitFor();

  await form.getByLabel('Không đồng ý').check();
  assert.equal(await form.getByTestId('choice-error').count(), 0, 'the error goes once a choice is made');
  await form.locator('textarea[name=comment]').fill('Chưa đủ cơ sở pháp lý.');
  await form.getByTestId('answer-save').click();
  await question.getByText('Đã trả lời: Không đồng ý').waitFor();
  assert.match(await tally.innerText(), /không đồng ý 1/);
  // One of eight against: the other seven may still make a majority either way.
  assert.equal(await tally.getByTestId('tally-outcome').innerText(), 'chưa đủ ý kiến để kết luận');
  await page.screenshot({ path: join(RESULTS, 'browser-round-answered.png') });
});

test('two working days before the deadline, over a weekend, the bell says two, then one, once', async () => {
  // Friday 4 December, 10:00: Monday 7 and Tuesday 8 are left.
  writeFileSync(clockFile, '2026-12-04T03:00:00Z');
  page = await deskOf(browser, server.url, 'tv4', DEMO_PASSWORD, page);
  let alerts = await bell();
  const soon = alerts.locator('[data-kind=due_soon]').filter({ hasText: 'Lấy ý kiến' });
  await soon.waitFor({ timeout: 15000 });
  assert.match(await soon.innerText(), /Còn 2 ngày làm việc/);
  assert.match(await soon.innerText(), /Hạn 08\/12\/2026/);
  await page.screenshot({ path: join(RESULTS, 'browser-round-bell-two-days.png') });

  // Monday 7 December: one left; the same alert, renewed, not a second one.
  writeFileSync(clockFile, '2026-12-07T03:00:00Z');
  page = await deskOf(browser, server.url, 'tv4', DEMO_PASSWORD, page);
  alerts = await bell();
  await alerts.locator('[data-kind=due_soon]').filter({ hasText: 'Còn 1 ngày làm việc' }).waitFor({ timeout: 15000 });
  const kinds = (await roundAlerts(alerts)).map(([kind]) => kind).sort();
  assert.deepEqual(kinds, ['due_soon', 'opinion_request'], 'one alert per deadline and kind');
});

test('closed, the round leaves the bell, even one left open, and the tally is counted by its rules', async () => {
  // Wednesday 9 December: past the deadline. A member's screen is open as the Office
  // closes the round.
  writeFileSync(clockFile, '2026-12-09T03:00:00Z');
  page = await deskOf(browser, server.url, 'tv4', DEMO_PASSWORD, page);
  const count = page.getByTestId('bell-count');
  await count.waitFor();
  const before = await count.innerText();
  const alerts = await bell();
  assert.ok((await roundAlerts(alerts)).length > 0, 'the round is in the bell while open');
  await page.keyboard.press('Escape');

  const office = await deskOf(browser, server.url, 'cvp', DEMO_PASSWORD);
  await office.goto(roundUrl);
  await office.getByTestId('round-close').click();
  await office.getByText('Đã kết thúc lấy ý kiến').first().waitFor();
  const tally = office.getByTestId('question').first().getByTestId('tally');
  // Silence counts as agreeing in the demo's rounds: seven of eight.
  assert.match(await tally.innerText(), /tính theo quy tắc 7 đồng ý/);
  assert.equal(await tally.getByTestId('tally-outcome').innerText(), 'đạt quá nửa');
  await office.context().close();

  // The member's bell follows without being opened again.
  await page.waitForFunction(
    (was) => (document.querySelector('[data-testid=bell-count]')?.textContent ?? '0') !== was,
    before,
  );
  assert.deepEqual(await roundAlerts(await bell()), [], 'nothing of a closed round');
});
