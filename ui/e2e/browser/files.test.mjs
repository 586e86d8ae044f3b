// Files as streams, through the browser at 1366×768: a 150 MB scanned dossier goes up
// with its progress shown, is registered, and opens; a file over the office's limit is
// refused in words before a byte is sent.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';

import { dataDir, serve, DEMO_PASSWORD, RESULTS, scratchDir } from '../harness.mjs';
import { largePdf } from '../pdf.mjs';
import { deskOf, launch } from './browser.mjs';

let server, browser, page;

before(async () => {
  server = await serve(dataDir({ demo: true }), { args: ['--max-file-mb', '160'] });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Playwright takes big files by path: write the bytes to a scratch file first. */
function onDisk(name, bytes) {
  const path = join(scratchDir('vanphong-scan-'), name);
  writeFileSync(path, bytes);
  return path;
}

async function registration(symbol, file) {
  await page.goto(`${server.url}#/incoming/new`);
  const form = page.getByTestId('incoming-register');
  await form.locator('input[name=agency]').fill('Sở Xây dựng');
  await form.locator('input[name=numberSymbol]').fill(symbol);
  await form.locator('textarea[name=summary]').fill('Về việc thẩm định hồ sơ dự án cầu treo bản Mường');
  await form.locator('input[name=attachments]').setInputFiles(file);
  return form;
}

test('a 150 MB scan is registered through the browser and opens', { timeout: 240000 }, async () => {
  page = await deskOf(browser, server.url, 'vt1', DEMO_PASSWORD, page);
  const scan = onDisk('Hồ sơ dự án.pdf', largePdf('150 MB ho so du an', 150));
  const form = await registration('715/SXD-QLXD', scan);
  await form.getByRole('button', { name: 'Vào sổ văn bản đến' }).click();
  await page.getByTestId('transfers').waitFor();
  assert.match(await page.getByTestId('transfers').innerText(), /Đang tải lên Hồ sơ dự án\.pdf/);
  await page.screenshot({ path: join(RESULTS, 'browser-upload-progress.png') });
  // Wait for the document itself, not for the page that is still loading it.
  await page.getByTestId('incoming-detail').getByText('Hồ sơ dự án.pdf').waitFor({ timeout: 180000 });
  await page.getByRole('button', { name: 'Xem' }).click();
  await page.locator('[data-testid=pdf-view] canvas').waitFor({ timeout: 120000 });
  await page.screenshot({ path: join(RESULTS, 'browser-upload-opened.png') });
});

test('a file over the limit is refused in words before it is sent', async () => {
  const tooBig = onDisk('qua-lon.pdf', largePdf('qua lon', 161));
  const form = await registration('716/SXD-QLXD', tooBig);
  await form.getByRole('button', { name: 'Vào sổ văn bản đến' }).click();
  await form.getByText('Tệp quá lớn: tối đa 160 MB.').waitFor();
  assert.equal(await page.getByTestId('transfers').count(), 0, 'nothing was sent');
  await page.screenshot({ path: join(RESULTS, 'browser-upload-too-large.png') });
});
