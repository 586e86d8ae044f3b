// The quarterly evaluation of the work programme as the Chief of Office reads it on the
// demo's year (a fixed clock): every agency's columns add up to its items and the last
// line sums them; a resolution is in the programme once, not month after month; the
// printed evaluation is the Office's, headed VĂN PHÒNG and signed by its Chief.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

import { join } from 'node:path';
import { callApi, dataDir, fetchFile, serve, DEMO_PASSWORD, RESULTS, scratchDir } from '../harness.mjs';
import { launch, deskOf } from './browser.mjs';

let server, browser, page;

before(async () => {
  // 08:00 on Wednesday 2 December 2026.
  const dir = dataDir({ demo: true, documentsPerDay: 1, clock: '2026-12-02T01:00:00Z' });
  server = await serve(dir, { clockFile: join(dir, 'clock') });
  browser = await launch();
});

after(async () => {
  await page?.context().close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

/** The figures of a row: its cells after the agency's name (the total's name is a th). */
const numbers = async (row) => (await row.locator('td').allInnerTexts()).filter((text) => /^\d+$/.test(text.trim())).map(Number);

test("each quarter's columns add up, agency by agency and in total", async () => {
  page = await deskOf(browser, server.url, 'cvp', DEMO_PASSWORD, page);
  await page.goto(`${server.url}#/schedule/programme`);
  await page.getByTestId('programme-page').waitFor();
  const section = page.getByTestId('evaluation');
  const token = (await callApi(server.url, 'session_login', { username: 'cvp', password: DEMO_PASSWORD })).token;
  let checked = 0;
  for (const quarter of [1, 2, 3, 4]) {
    await section.locator('select').selectOption(String(quarter));
    await page.getByTestId('evaluate').click();
    // The page shows what the core counts for that quarter, agency by agency.
    const expected = await callApi(server.url, 'programme_evaluation_get', { year: 2026, quarter }, token);
    const names = expected.agencies.map((a) => a.agencyName).join('|');
    await page.waitForFunction(
      (want) => [...document.querySelectorAll('[data-testid=evaluation-table] tbody tr td:first-child')]
        .map((td) => td.textContent.trim()).join('|') === want,
      names,
    );
    const table = page.getByTestId('evaluation-table');
    const rows = table.locator('tbody tr');
    const sums = Array(8).fill(0);
    for (const row of await rows.all()) {
      // Items, on time, late, not submitted, not yet due, of which postponed, returned, directions.
      const [due, onTime, late, notSubmitted, notYetDue, postponed, ...rest] = await numbers(row);
      assert.equal(due, onTime + late + notSubmitted + notYetDue, `quarter ${quarter}: ${await row.innerText()}`);
      assert.ok(postponed <= due);
      [due, onTime, late, notSubmitted, notYetDue, postponed, ...rest].forEach((n, i) => (sums[i] += n));
      checked += 1;
    }
    const total = table.getByTestId('evaluation-total');
    if (await rows.count() > 1) assert.deepEqual(await numbers(total), sums, `quarter ${quarter}: the last line sums`);
  }
  assert.ok(checked > 4, 'the demo has a year of items to evaluate');
  await page.screenshot({ path: join(RESULTS, 'browser-programme-evaluation.png') });
});

test('a resolution is in the programme once, not once a month', async () => {
  const token = (await callApi(server.url, 'session_login', { username: 'cvp', password: DEMO_PASSWORD })).token;
  const items = await callApi(server.url, 'programme_item_list', { year: 2026 }, token);
  const once = items.filter((i) => i.kind !== 'report').map((i) => i.title);
  assert.ok(once.length > 0);
  assert.deepEqual(once, [...new Set(once)], 'each scheme, decision and resolution once in the year');
});

test("the printed evaluation is the Office's, signed by its Chief", async () => {
  await page.getByRole('button', { name: 'In báo cáo của Văn phòng (PDF)' }).waitFor();
  const token = (await callApi(server.url, 'session_login', { username: 'cvp', password: DEMO_PASSWORD })).token;
  const file = await callApi(server.url, 'programme_evaluation_pdf', { year: 2026, quarter: 3 }, token);
  const path = join(scratchDir('vanphong-evaluation-'), 'evaluation.pdf');
  writeFileSync(path, await fetchFile(server.url, file, token));
  const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  assert.match(text, /VĂN PHÒNG/);
  assert.match(text, /CHÁNH VĂN PHÒNG/);
  assert.match(text, /Nguyễn Thanh Tùng/);
  assert.doesNotMatch(text, /CHỦ TỊCH/, 'not signed for the Chairman');
  const total = text.split('\n').find((line) => line.trim().startsWith('Cộng'));
  assert.ok(total, text);
  const [due, onTime, late, notSubmitted, notYetDue] = total.trim().split(/\s+/).slice(1).map(Number);
  assert.equal(due, onTime + late + notSubmitted + notYetDue, total);
});
