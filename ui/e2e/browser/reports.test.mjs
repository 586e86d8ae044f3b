// The reports area on a fixed clock (Wednesday 2 December 2026): the clerk finds a
// decision sent to "Công báo" waiting for the gazette, publishes the next issue from the
// page and sees it printed (cover, contents, running headers); the weekly schedule and
// the monthly report preview from the same page; a committee member has no gazette.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi, dataDir, fetchFile, issueThroughFlow, serve, DEMO_PASSWORD, RESULTS } from '../harness.mjs';
import { deskOf, launch } from './browser.mjs';

let server, browser, page, dir;

before(async () => {
  dir = dataDir({ demo: true, documentsPerDay: 0, clock: '2026-12-02T01:00:00Z' });
  server = await serve(dir, { clockFile: join(dir, 'clock') });
  browser = await launch();
});

after(async () => {
  await page?.context().close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

const as = async (username) => (page = await deskOf(browser, server.url, username, DEMO_PASSWORD, page));
const token = async (username) => (await callApi(server.url, 'session_login', { username, password: DEMO_PASSWORD })).token;

/** A decision of the Committee sent to the gazette, issued through its flow. */
const issuedDecision = (summary) => issueThroughFlow(server.url, DEMO_PASSWORD, {
  drafter: 'cv.kt1',
  documentType: 'QĐ',
  changes: (template) => ({
    summary, legalNormative: true,
    blocks: [{ kind: 'paragraph', runs: [{ text: 'Quy định này quy định về quản lý, khai thác cụm công nghiệp trên địa bàn tỉnh.', bold: false, italic: false }] }],
    recipients: [{ text: 'Công báo tỉnh', agencyId: null, departmentId: null }, ...template.recipients],
  }),
});

test('the clerk publishes the next gazette issue from what waits, and it prints', async () => {
  await issuedDecision('ban hành Quy định quản lý cụm công nghiệp trên địa bàn tỉnh');
  await as('vt1');
  await page.getByTestId('nav-reports').click();
  const gazette = page.getByTestId('gazette');
  await gazette.getByTestId('gazette-waiting').getByText('ban hành Quy định quản lý cụm công nghiệp').waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-reports.png'), fullPage: true });
  await gazette.getByTestId('gazette-waiting').locator('input[type=checkbox]').first().check();
  await gazette.getByTestId('gazette-publish').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Xuất bản số 1/2026' }).click();
  // The new issue opens printed; the register lists it.
  await page.getByRole('dialog').getByText('cong-bao-so-1-2026.pdf').waitFor();
  await page.getByRole('dialog').locator('canvas').first().waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-gazette-issue.png') });
  await page.keyboard.press('Escape');
  await gazette.getByTestId('gazette-issue').filter({ hasText: '1/2026' }).waitFor();
  assert.match(await gazette.getByTestId('gazette-issue').first().innerText(), /trang 3–3/);
  assert.equal(await gazette.getByTestId('gazette-waiting').count(), 0, 'nothing waits any more');

  const clerk = await token('vt1');
  const [issue] = await callApi(server.url, 'gazette_issue_list', { year: 2026 }, clerk);
  const file = await callApi(server.url, 'gazette_issue_pdf', { id: issue.id }, clerk);
  const pdf = join(dir, file.fileName);
  writeFileSync(pdf, await fetchFile(server.url, file, clerk));
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  assert.match(text, /CÔNG BÁO/);
  assert.match(text, /MỤC LỤC/);
  assert.match(text, /CÔNG BÁO\/Số 1\/Ngày 02-12-2026/);
  execFileSync('pdftoppm', ['-png', '-r', '50', pdf, join(RESULTS, 'browser-gazette-page')]);
});

test('the weekly schedule and the monthly report preview from the reports area', async () => {
  await as('cvp');
  await page.getByTestId('nav-reports').click();
  await page.getByTestId('report-schedule').getByTestId('weekly-preview').click();
  await page.getByRole('dialog').getByText(/lich-cong-tac-tuan-2026-11-30/).waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('report-monthly').getByTestId('monthly-preview').click();
  await page.getByRole('dialog').locator('canvas').first().waitFor();
  await page.keyboard.press('Escape');
});

test('a committee member sees the reports of their work, not the gazette desk', async () => {
  await as('tv1');
  await page.getByTestId('nav-reports').click();
  await page.getByTestId('report-monthly').waitFor();
  assert.equal(await page.getByTestId('gazette').count(), 0);
  assert.equal(await page.getByTestId('report-schedule').count(), 1);
});
