// The gazette page as a new clerk finds it, on a fixed clock (Wednesday 2 December 2026):
// many documents wait; none is ticked, and the button to publish waits for a choice; the
// list is read a page at a time or found by words; the question before publishing names
// the issue, how many documents and that it is final — answered no, nothing happens; an
// issue holds exactly the documents chosen. The core refuses an issue with none.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { callApi, dataDir, issueThroughFlow, serve, DEMO_PASSWORD, RESULTS } from '../harness.mjs';
import { deskOf, launch } from './browser.mjs';

const WAITING = 23;
let server, browser, page;

before(async () => {
  const dir = dataDir({ demo: true, documentsPerDay: 0, clock: '2026-12-02T01:00:00Z' });
  server = await serve(dir, { clockFile: join(dir, 'clock') });
  browser = await launch();
  // Decisions sent to "Công báo", issued through their flow: more than a page of them.
  for (let n = 1; n <= WAITING; n += 1) {
    await issueThroughFlow(server.url, DEMO_PASSWORD, {
      drafter: 'cv.kt1',
      documentType: 'QĐ',
      changes: (template) => ({
        summary: n === 7 ? 'ban hành Quy chế quản lý chợ đêm' : `ban hành Quy định số ${n} về quản lý cụm công nghiệp`,
        blocks: [{ kind: 'paragraph', runs: [{ text: 'Quyết định này có hiệu lực kể từ ngày ký.', bold: false, italic: false }] }],
        recipients: [{ text: 'Công báo tỉnh', agencyId: null, departmentId: null }, ...template.recipients],
      }),
    });
  }
});

after(async () => {
  await page?.context().close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

const clerkToken = async () => (await callApi(server.url, 'session_login', { username: 'vt1', password: DEMO_PASSWORD })).token;

test('nothing is published without a choice and a question that says what will happen', async () => {
  page = await deskOf(browser, server.url, 'vt1', DEMO_PASSWORD);
  await page.getByTestId('nav-reports').click();
  const gazette = page.getByTestId('gazette');
  const rows = gazette.getByTestId('gazette-waiting-row');
  const publish = gazette.getByTestId('gazette-publish');
  await rows.first().waitFor();
  await gazette.getByText(`Văn bản chờ đăng Công báo (${WAITING})`).waitFor();

  // A page of them, none ticked, and nothing to publish yet.
  assert.equal(await rows.count(), 20, 'one page of the waiting documents');
  assert.equal(await gazette.locator('[data-testid=gazette-waiting] input[type=checkbox]:checked').count(), 0, 'none ticked');
  assert.ok(await publish.isDisabled(), 'the button waits for a choice');
  assert.equal((await publish.innerText()).trim(), 'Xuất bản số Công báo mới');
  await gazette.getByTestId('gazette-publish-hint').getByText('Đánh dấu những văn bản sẽ đăng trong số mới.').waitFor();
  await gazette.getByRole('heading', { name: 'Công báo', exact: true }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(RESULTS, 'browser-gazette-waiting.png') });
  await gazette.getByRole('button', { name: 'Trang sau' }).click();
  await gazette.getByText(`Quy định số ${WAITING} về`).waitFor();
  assert.equal(await rows.count(), WAITING - 20, 'the rest on the next page');
  await gazette.getByRole('button', { name: 'Trang trước' }).click();

  // Two chosen: one ticked on the first page, one found by words.
  const first = rows.first();
  const firstSummary = await first.innerText();
  await first.locator('input[type=checkbox]').check();
  await gazette.getByTestId('gazette-search').fill('cho dem');
  await gazette.getByRole('navigation', { name: 'pager' }).waitFor({ state: 'detached' });
  assert.equal(await rows.count(), 1, 'the words find one');
  await rows.first().locator('input[type=checkbox]').check();
  await gazette.getByTestId('gazette-search').fill('');
  assert.equal((await publish.innerText()).trim(), 'Xuất bản số mới với 2 văn bản đã chọn');

  // The question names the issue, the count and that it is final; "no" publishes nothing.
  await publish.click();
  const dialog = page.getByRole('dialog');
  const question = await dialog.innerText();
  assert.match(question, /Xuất bản Công báo số 1\/2026\?/);
  assert.match(question, /Số 1\/2026 ngày 02\/12\/2026 sẽ đăng 2 văn bản/);
  assert.match(question, /không sửa, không xóa được/);
  await page.screenshot({ path: join(RESULTS, 'browser-gazette-confirm.png') });
  await dialog.getByTestId('confirm-no').click();
  await dialog.waitFor({ state: 'detached' });
  const token = await clerkToken();
  assert.deepEqual(await callApi(server.url, 'gazette_issue_list', { year: 2026 }, token), [], 'nothing published');

  await publish.click();
  await page.getByRole('dialog').getByRole('button', { name: 'Xuất bản số 1/2026' }).click();
  await page.getByRole('dialog').getByText('cong-bao-so-1-2026.pdf').waitFor();
  await page.keyboard.press('Escape');
  await gazette.getByTestId('gazette-issue').filter({ hasText: '1/2026' }).waitFor();
  const [issue] = await callApi(server.url, 'gazette_issue_list', { year: 2026 }, token);
  assert.equal(issue.items.length, 2, 'exactly the documents chosen');
  const summaries = issue.items.map((i) => i.document.summary);
  assert.ok(summaries.includes('ban hành Quy chế quản lý chợ đêm'));
  assert.ok(summaries.some((s) => firstSummary.includes(s)), `${firstSummary} is in ${summaries}`);
  await gazette.getByText(`Văn bản chờ đăng Công báo (${WAITING - 2})`).waitFor();
  assert.ok(await publish.isDisabled(), 'nothing chosen again');
});

test('the core refuses an issue with no document, in both languages', async () => {
  const response = await fetch(`${server.url}api/gazette_issue_create`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await clerkToken()}` },
    body: JSON.stringify({ issuedOn: '2026-12-02', outgoingIds: [] }),
  });
  const error = await response.json();
  assert.equal(error.code, 'invalid');
  assert.equal(error.field, 'outgoingIds');
  assert.match(error.message.vi, /Chưa chọn văn bản nào/);
  assert.match(error.message.en, /No document chosen/);
});
