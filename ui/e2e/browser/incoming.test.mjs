// An incoming document's whole path through four people, on the demo office: the clerk
// registers it with a PDF, the deputy chief directs, the head of department assigns,
// the specialist closes it; the trail shows every step.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { dataDir, serve, DEMO_PASSWORD, RESULTS } from '../harness.mjs';
import { tinyPdf } from '../pdf.mjs';
import { deskOf, launch } from './browser.mjs';

let server, browser, page, documentUrl, specialistUsername;

before(async () => {
  server = await serve(dataDir({ demo: true }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Each person works in a browser of their own, as at their own desk. */
async function as(username) {
  page = await deskOf(browser, server.url, username, DEMO_PASSWORD, page);
}

test('the clerk registers a document with its PDF and presents it', async () => {
  await as('vt1');
  await page.getByTestId('nav-incoming').click();
  await page.getByTestId('incoming-new').click();
  const form = page.getByTestId('incoming-register');
  await form.locator('input[name=agency]').fill('Sở Tài chính');
  await form.locator('input[name=numberSymbol]').fill('88/STC-QLNS');
  await form.locator('textarea[name=summary]').fill('Về việc đề nghị bổ sung dự toán ngân sách năm 2026');
  await form.locator('select[name=urgency]').selectOption('khan');
  await form.locator('input[name=attachments]').setInputFiles({
    name: '88-STC-QLNS.pdf', mimeType: 'application/pdf', buffer: tinyPdf('88/STC-QLNS de nghi bo sung du toan'),
  });
  await form.locator('select[name=leadDepartmentId]').selectOption({ label: 'Phòng Kinh tế' });
  await form.locator('select[name=presentToId]').selectOption({ label: 'Lê Văn Hùng — Phó Chánh Văn phòng' });
  await page.screenshot({ path: join(RESULTS, 'browser-incoming-register.png'), fullPage: true });
  await form.getByRole('button', { name: 'Vào sổ văn bản đến' }).click();

  await page.getByTestId('incoming-detail').waitFor();
  documentUrl = page.url();
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Văn bản đến số 1\/\d{4}/);
  assert.equal(await page.getByTestId('incoming-status').innerText(), 'Chờ chỉ đạo');
  await page.getByRole('button', { name: 'Xem' }).click();
  await page.locator('[data-testid=pdf-view] canvas').waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-incoming-pdf.png'), fullPage: true });
});

test('registering the same document again is warned about', async () => {
  await page.goto(`${server.url}#/incoming/new`);
  const form = page.getByTestId('incoming-register');
  await form.locator('input[name=agency]').fill('Sở Tài chính');
  await form.locator('input[name=numberSymbol]').fill('88/STC-QLNS');
  await page.getByTestId('duplicate-warning').waitFor();
  assert.match(await page.getByTestId('duplicate-warning').innerText(), /1\/\d{4}/);
});

test('the deputy chief finds it waiting and gives a direction', async () => {
  await as('pcvp2');
  assert.equal(await page.getByTestId('incoming-count').innerText(), '1', 'the sidebar counts what waits');
  await page.getByTestId('nav-incoming').click();
  await page.locator('tr[data-symbol="88/STC-QLNS"] a').first().click();
  const direct = page.getByTestId('action-direct');
  await direct.locator('textarea[name=direction]').fill('Giao Phòng Kinh tế chủ trì, tham mưu UBND tỉnh trả lời Sở Tài chính.');
  await direct.locator('select[name=leadDepartmentId]').selectOption({ label: 'Phòng Kinh tế' });
  await direct.getByLabel('Phòng Tổng hợp', { exact: true }).check();
  await direct.locator('input[name=workingDays]').fill('5');
  await direct.getByRole('button', { name: 'Cho ý kiến chỉ đạo' }).click();
  await page.getByTestId('incoming-status').getByText('Chờ giao xử lý').waitFor();
});

test('the head of department assigns a specialist', async () => {
  await as('tp.kt');
  await page.goto(documentUrl);
  const assign = page.getByTestId('action-assign');
  const handler = assign.locator('select[name=handlerId]');
  await handler.selectOption({ index: 1 });
  const fullName = await handler.locator('option:checked').innerText();
  await assign.getByRole('button', { name: 'Giao xử lý' }).click();
  await page.getByTestId('incoming-status').getByText('Đang xử lý').waitFor();
  specialistUsername = await usernameOf(fullName);
});

test('the specialist reports and closes it, and the trail shows every step', async () => {
  await as(specialistUsername);
  await page.goto(documentUrl);
  await page.getByTestId('action-progress').locator('textarea').fill('Đã làm việc với Sở Tài chính về số liệu.');
  await page.getByTestId('action-progress').getByRole('button').click();
  await page.locator('[data-testid=trail] li[data-kind=progress]').waitFor();
  const close = page.getByTestId('action-close');
  await close.locator('input[name=replyNumberSymbol]').fill('301/UBND-KT');
  await close.getByRole('button', { name: 'Kết thúc xử lý' }).click();
  await page.getByTestId('incoming-status').getByText('Đã kết thúc').waitFor();

  const kinds = await page.locator('[data-testid=trail] li').evaluateAll((items) => items.map((li) => li.dataset.kind));
  assert.deepEqual(kinds, ['registered', 'presented', 'directed', 'assigned', 'progress', 'closed']);
  const trail = await page.getByTestId('trail').innerText();
  assert.match(trail, /tham mưu UBND tỉnh trả lời Sở Tài chính/);
  assert.match(trail, /Lê Văn Hùng/, 'who gave the direction');
  assert.match(trail, /301\/UBND-KT/);
  await page.screenshot({ path: join(RESULTS, 'browser-incoming-closed.png'), fullPage: true });

  await page.getByTestId('print-slip').click();
  await page.locator('dialog [data-testid=pdf-view] canvas').waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-incoming-slip.png') });
});

test('the clerk prints the register of the week', async () => {
  await as('vt1');
  await page.getByTestId('nav-incoming').click();
  await page.getByRole('tab', { name: 'Tất cả văn bản' }).click();
  // It asks which register and shows the days (this week unless others are chosen).
  await page.getByTestId('print-register').click();
  const ask = page.getByTestId('register-print');
  assert.match(await ask.getByTestId('register-period').innerText(), /\(mặc định: tuần này\)/);
  assert.ok((await ask.locator('select[name=printRegister] option').count()) >= 1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-register').click()]);
  await page.getByTestId('print-register-pdf').click();
  await page.locator('dialog [data-testid=pdf-view] canvas').first().waitFor();
  assert.match(await page.locator('dialog h2').innerText(), /^so-van-ban-den-\d{8}-\d{8}\.pdf$/);
  await page.locator('dialog').getByRole('button', { name: 'Đóng' }).click();

  assert.match(download.suggestedFilename(), /^so-van-ban-den-\d{8}-\d{8}\.xlsx$/);
  const bytes = await readFile(await download.path());
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX workbook (a zip)');
});

/** The username behind a full name, looked up in the directory with this page's session. */
async function usernameOf(fullName) {
  const token = await page.evaluate(() => sessionStorage.getItem('vanphong.token'));
  const response = await fetch(`${server.url}api/user_list`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ search: null, departmentId: null, role: null, includeDisabled: false }),
  });
  const users = await response.json();
  return users.find((u) => u.fullName === fullName).username;
}

test('the clerk imports last year\'s register from a spreadsheet, after fixing it', async () => {
  await as('vt1');
  await page.getByTestId('nav-incoming').click();
  await page.getByTestId('incoming-import').click();
  const form = page.getByTestId('incoming-import');
  const heading = 'Ngày đến;Số đến;Tác giả;Số, ký hiệu;Ngày tháng;Tên loại và trích yếu nội dung\n';
  const bad = heading + '02/01/2025;1;Sở Tài chính;1/STC;;Công văn Về việc quyết toán\n03/01/2025;1;Sở Y tế;2/SYT;;Về việc tiêm chủng\n';
  await form.locator('input[name=file]').setInputFiles({ name: 'so-den-2025.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await form.getByRole('button', { name: 'Đọc và kiểm tra' }).click();
  await page.getByTestId('import-summary').getByText('1 dòng hợp lệ, 1 dòng lỗi.').waitFor();
  assert.match(await form.locator('tr.bad').innerText(), /Số đến 1\/2025 lặp lại trong tệp/);
  assert.equal(await form.getByRole('button', { name: 'Nhập 1 văn bản' }).isDisabled(), true, 'nothing half-imported');
  // The rows that cannot come in, with their reasons, to correct.
  const [rejected] = await Promise.all([page.waitForEvent('download'), form.getByTestId('import-rejected').click()]);
  assert.equal(rejected.suggestedFilename(), 'so-den-2025-dong-loi.xlsx');
  assert.equal(await form.getByTestId('import-valid').innerText(), 'Nhập 1 dòng hợp lệ, bỏ qua 1 dòng lỗi');

  const good = heading + '02/01/2025;1;Sở Tài chính;1/STC;;Công văn Về việc quyết toán\n03/01/2025;2;Sở Y tế;2/SYT;;Về việc tiêm chủng\n';
  await form.locator('input[name=file]').setInputFiles({ name: 'so-den-2025.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await form.getByRole('button', { name: 'Đọc và kiểm tra' }).click();
  await page.getByTestId('import-summary').getByText('2 dòng hợp lệ, 0 dòng lỗi.').waitFor();
  await form.getByRole('button', { name: 'Nhập 2 văn bản' }).click();
  await page.getByTestId('import-done').getByText('Đã nhập 2 văn bản.').waitFor();
});
