// A day at the desk, on the demo office with a fixed clock: the agency picker finds
// without diacritics and keeps a new name only on purpose; the bell puts what is overdue
// first and opens the alerts page; a list keeps its filters, sort and page in the
// address; a draft keeps itself and leaving it asks; the keyboard reaches what the
// mouse does; forms speak the app's language.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { callApi, dataDir, issueThroughFlow, serve, DEMO_PASSWORD, RESULTS } from '../harness.mjs';
import { deskOf, launch } from './browser.mjs';

let server, browser, page;

before(async () => {
  // The demo office's year up to 08:00 on Wednesday 2 December 2026, whatever day it is.
  const dir = dataDir({ demo: true, documentsPerDay: 20, clock: '2026-12-02T01:00:00Z' });
  server = await serve(dir, { clockFile: join(dir, 'clock') });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function as(username) {
  page = await deskOf(browser, server.url, username, DEMO_PASSWORD, page);
}

test('the agency picker finds "bo tai chinh" and is worked by the keyboard', async () => {
  await as('vt1');
  await page.goto(`${server.url}#/incoming/new`);
  const form = page.getByTestId('incoming-register');
  const field = form.locator('input[name=agency]');
  await field.fill('bo tai chinh');
  const option = form.getByRole('option', { name: /Bộ Tài chính/ });
  await option.first().waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-desk-combobox.png') });
  await field.press('ArrowDown');
  await field.press('ArrowUp');
  await field.press('Enter');
  assert.equal(await field.inputValue(), 'Bộ Tài chính', 'Enter takes the highlighted agency of the directory');
  assert.equal(await form.getByTestId('combo-is-new').count(), 0);

  // A name that is not in the directory stays unchosen until "add as new" is picked.
  await field.fill('Ban quản lý dự án thủy lợi Sông Cầu');
  await form.getByTestId('combo-new').waitFor();
  await form.locator('input[name=numberSymbol]').click();
  await form.getByText('Chưa chọn Cơ quan ban hành').waitFor();
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  await field.click();
  await form.getByTestId('combo-new').click();
  await form.getByTestId('combo-is-new').waitFor();
  assert.equal(await field.getAttribute('aria-invalid'), null);
});

test('required fields are explained in the app\'s language, in Vietnamese and in English', async () => {
  const form = page.getByTestId('incoming-register');
  await form.locator('textarea[name=summary]').fill('');
  await form.locator('input[name=numberSymbol]').fill('');
  await form.locator('button[type=submit]').click();
  const message = await form.locator('input[name=numberSymbol]').evaluate((el) => el.validationMessage);
  assert.equal(message, 'Vui lòng nhập trường này.');
  await page.getByTestId('lang-switch').click();
  await form.locator('button[type=submit]').click();
  assert.equal(await form.locator('input[name=numberSymbol]').evaluate((el) => el.validationMessage), 'Please fill in this field.');
  await page.getByTestId('lang-switch').click();
});

test('what a clerk typed survives leaving: the page asks, and the form offers it back', async () => {
  const form = page.getByTestId('incoming-register');
  await form.locator('input[name=numberSymbol]').fill('77/BTC-NSNN');
  await form.locator('textarea[name=summary]').fill('Về việc hướng dẫn lập dự toán ngân sách nhà nước năm 2027');
  // Kept a moment after typing stops.
  await page.waitForResponse((r) => r.url().endsWith('/api/autosave_put'));
  await page.getByTestId('nav-outgoing').click();
  const leave = page.getByRole('dialog', { name: 'Rời trang khi chưa lưu?' });
  await leave.waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-desk-leave.png') });
  await page.getByTestId('leave-stay').click();
  assert.match(page.url(), /#\/incoming\/new$/, 'staying keeps the page and what was typed');
  assert.equal(await form.locator('input[name=numberSymbol]').inputValue(), '77/BTC-NSNN');
  await page.getByTestId('nav-outgoing').click();
  await page.getByTestId('leave-go').click();
  await page.getByTestId('outgoing-page').waitFor();

  // A reload, even a crash: the registration form offers the kept work back.
  await page.goto(`${server.url}#/incoming/new`);
  await page.reload();
  await page.getByTestId('autosave-offer').waitFor();
  await page.getByTestId('autosave-restore').click();
  assert.equal(await form.locator('input[name=numberSymbol]').inputValue(), '77/BTC-NSNN');
  assert.match(await form.locator('textarea[name=summary]').inputValue(), /dự toán ngân sách nhà nước năm 2027/);
  assert.equal(await form.locator('input[name=agency]').inputValue(), 'Ban quản lý dự án thủy lợi Sông Cầu');
});

test('a list keeps its filters, sort and page in the address, through a document and a reload', async () => {
  await page.goto(`${server.url}#/incoming`);
  await page.getByTestId('leave-go').click().catch(() => {});
  await page.getByTestId('tab-all').click();
  await page.locator('select[aria-label="Độ khẩn"]').selectOption('normal');
  await page.getByTestId('sort-number').click();
  await page.getByRole('button', { name: 'Trang sau' }).click();
  await page.waitForFunction(() => location.hash.includes('offset=50'));
  const hash = new URL(page.url()).hash;
  assert.match(hash, /tab=all/);
  assert.match(hash, /urgency=normal/);
  assert.match(hash, /sort=number/);
  const first = await page.locator('table.documents tbody tr').first().getAttribute('data-symbol');

  await page.locator('table.documents tbody tr a').first().click();
  await page.getByTestId('back-to-list').waitFor();
  await page.waitForFunction((symbol) => document.title === `${symbol} · Văn bản đến · Văn phòng số`, first);
  await page.getByTestId('back-to-list').click();
  await page.locator(`table.documents tbody tr[data-symbol="${first}"]`).first().waitFor();
  assert.equal(new URL(page.url()).hash, hash, 'back to the same list');
  await page.reload();
  await page.locator(`table.documents tbody tr[data-symbol="${first}"]`).first().waitFor();
  assert.equal(await page.locator('select[aria-label="Độ khẩn"]').inputValue(), 'normal');
  assert.match(await page.locator('th[aria-sort=ascending]').innerText(), /^Số đến\s*▲$/);

  // Saved under a name, it comes back from anywhere.
  await page.getByTestId('filter-name').click();
  await page.locator('input[name=filterName]').fill('Văn bản thường theo số đến');
  await page.getByTestId('filter-save').click();
  await page.getByTestId('nav-dashboard').click();
  await page.getByTestId('dashboard').waitFor();
  await page.getByTestId('nav-incoming').click();
  await page.getByTestId('saved-filters').locator('select').selectOption({ label: 'Văn bản thường theo số đến' });
  await page.locator(`table.documents tbody tr[data-symbol="${first}"]`).first().waitFor();
  assert.equal(new URL(page.url()).hash, hash);
});

test('the clerk presents several documents to a leader at once', async () => {
  await as('vt1');
  const clerk = await page.evaluate(() => sessionStorage.getItem('vanphong.token'));
  const registers = await callApi(server.url, 'register_list', { kind: 'incoming' }, clerk);
  const agencies = await callApi(server.url, 'agency_list', { search: 'so xay dung', group: null, includeInactive: false, offset: 0, limit: 1 }, clerk);
  for (const n of [1, 2, 3]) {
    await callApi(server.url, 'incoming_register', {
      registerId: registers.find((r) => !r.secret).id, receivedAt: '2026-12-02T00:30:00Z', agencyId: agencies.items[0].id,
      agencyName: '', addAgencyToDirectory: null, numberSymbol: `90${n}/SXD-QLXD`, documentDate: null, documentType: 'CV',
      summary: `Về việc thẩm định thiết kế công trình số ${n}`, urgency: 'normal', secrecy: 'none', pageCount: 1,
      replyDeadline: null, signer: '', electronic: true, attachments: [], leadDepartmentId: null, supervisorId: null,
      routingRuleId: null, presentToId: null, confirmDuplicate: false,
    }, clerk);
  }
  await page.getByTestId('nav-incoming').click();
  for (const n of [1, 2, 3]) await page.locator(`tr[data-symbol="90${n}/SXD-QLXD"] input[type=checkbox]`).check();
  const bulk = page.getByTestId('bulk');
  await bulk.getByText('Đã chọn 3 văn bản').waitFor();
  await bulk.locator('select[name=bulkLeader]').selectOption({ index: 1 });
  await page.screenshot({ path: join(RESULTS, 'browser-desk-bulk.png') });
  await bulk.getByTestId('bulk-present').click();
  await page.getByTestId('bulk-outcome').getByText('Đã thực hiện với 3 văn bản.').waitFor();
  await page.locator('tr[data-symbol="901/SXD-QLXD"]').waitFor({ state: 'detached' });
});

test('the dashboard\'s counts open the list filtered to exactly those', async () => {
  // A specialist of the demo with something overdue (the demo's workload: a handful).
  const admin = (await callApi(server.url, 'session_login', { username: 'admin', password: DEMO_PASSWORD })).token;
  const specialists = await callApi(server.url, 'user_list', { search: null, departmentId: null, role: 'specialist', includeDisabled: false }, admin);
  let chosen = null;
  for (const person of specialists.filter((u) => !u.agencyId)) {
    const token = (await callApi(server.url, 'session_login', { username: person.username, password: DEMO_PASSWORD })).token;
    const counts = await callApi(server.url, 'incoming_inbox_counts', null, token);
    if (counts.overdue > 0) { chosen = person.username; break; }
  }
  assert.ok(chosen, 'some specialist has an overdue document');
  await as(chosen);
  const tile = page.getByTestId('work-incoming');
  const overdue = tile.getByTestId('work-detail').filter({ hasText: 'quá hạn' });
  const count = Number((await overdue.innerText()).split(' ')[0]);
  assert.ok(count > 0, 'the demo specialist has something overdue');
  await overdue.click();
  await page.getByTestId('incoming-page').waitFor();
  assert.match(new URL(page.url()).hash, /overdue=true/);
  await page.locator('table.documents tbody tr').first().waitFor();
  assert.equal(await page.locator('table.documents tbody tr').count(), Math.min(count, 50));
  assert.match(await page.locator('.pager').innerText(), new RegExp(`· ${count} mục`));
});

test('the bell shows what is overdue first, a badge that fits, and the full alerts page', async () => {
  const token = await page.evaluate(() => sessionStorage.getItem('vanphong.token'));
  const all = await callApi(server.url, 'alert_list', { unreadOnly: true, kind: null, objectType: null, offset: 0, limit: 200 }, token);
  assert.ok(all.unread > 0 && all.unreadOverdue > 0, 'the demo raises alerts, some overdue');
  const badge = await page.getByTestId('bell-count').innerText();
  assert.equal(badge, all.unread > 99 ? '99+' : String(all.unread));
  await page.getByTestId('bell').click();
  const groups = await page.locator('[data-testid^=alert-group-]').evaluateAll((hs) => hs.map((h) => h.dataset.testid));
  assert.equal(groups[0], 'alert-group-overdue', 'overdue first');
  assert.equal(await page.getByTestId('alerts').getByTestId('alert').first().getAttribute('data-kind'), 'overdue');
  await page.screenshot({ path: join(RESULTS, 'browser-desk-bell.png') });
  await page.keyboard.press('Escape');
  await page.getByTestId('alerts').waitFor({ state: 'detached' });

  await page.getByTestId('bell').click();
  await page.getByTestId('alerts-all').click();
  await page.getByTestId('alerts-page').waitFor();
  await page.getByTestId('alerts-kind-overdue').click();
  await page.waitForFunction(() => location.hash.includes('kind=overdue'));
  const kinds = await page.getByTestId('alerts-page').getByTestId('alert').evaluateAll((as) => [...new Set(as.map((a) => a.dataset.kind))]);
  assert.deepEqual(kinds, ['overdue']);
  await page.screenshot({ path: join(RESULTS, 'browser-desk-alerts.png'), fullPage: true });
  await page.getByTestId('alerts-mark-all').click();
  await page.getByTestId('bell-count').waitFor({ state: 'detached' });
  const after = await callApi(server.url, 'alert_list', { unreadOnly: true, kind: null, objectType: null, offset: 0, limit: 1 }, token);
  assert.equal(after.unread, 0);
});

test('the keyboard: "/" goes to search, Ctrl+S saves a draft, Esc closes a dialog', async () => {
  await page.goto(`${server.url}#/outgoing`);
  await page.getByTestId('outgoing-page').waitFor();
  await page.locator('body').press('/');
  await page.getByRole('tab', { name: 'Tất cả văn bản' }).click();
  await page.locator('main h1').click();
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'search');

  await page.goto(`${server.url}#/outgoing/new?type=CV`);
  const editor = page.getByTestId('outgoing-editor');
  await editor.locator('textarea[name=summary]').fill('Về việc đôn đốc báo cáo kết quả giải ngân quý IV');
  await editor.locator('textarea[name=block]').first().fill('Ủy ban nhân dân tỉnh đề nghị các sở, ngành báo cáo trước ngày 15/12/2026.');
  await editor.locator('textarea[name=block]').first().press('Control+s');
  await page.getByTestId('outgoing-detail').waitFor();
  assert.match(page.url(), /#\/outgoing\/\d+$/, 'saved without the mouse, and leaving asked nothing');
  await page.waitForFunction(() => document.title.startsWith('Về việc đôn đốc báo cáo kết quả giải ngân quý IV · Văn bản đi'));

  // The clerk asked for the register: which one, and which days, are asked and shown.
  await as('vt1');
  await page.getByTestId('nav-outgoing').click();
  await page.getByTestId('outgoing-page').waitFor();
  await page.getByRole('tab', { name: 'Tất cả văn bản' }).click();
  await page.getByTestId('print-outgoing-register').click();
  await page.getByTestId('register-print').waitFor();
  assert.match(await page.getByTestId('register-period').innerText(), /Kỳ in: từ 01\/12\/2026 đến 02\/12\/2026 \(mặc định: tháng này\)/);
  await page.screenshot({ path: join(RESULTS, 'browser-desk-register-print.png') });
  await page.keyboard.press('Escape');
  await page.getByTestId('register-print').waitFor({ state: 'detached' });
});

test('the monthly report is drafted as the Office\'s báo cáo, to be signed and numbered', async () => {
  await as('cvp');
  await page.goto(`${server.url}#/directions/stats`);
  await page.getByTestId('monthly-draft').click();
  const editor = page.getByTestId('outgoing-editor');
  await editor.locator('textarea[name=summary]').waitFor();
  await page.waitForFunction(() => document.querySelector('textarea[name=summary]')?.value.startsWith('Tình hình xử lý văn bản'));
  assert.equal(await editor.locator('select[name=documentType]').inputValue(), 'BC');
  assert.match(await editor.locator('textarea[name=block]').first().inputValue(), /Văn phòng Ủy ban nhân dân tỉnh báo cáo/);
  await page.screenshot({ path: join(RESULTS, 'browser-desk-monthly-draft.png') });
  await editor.locator('textarea[name=summary]').press('Control+s');
  // The detail shows its frame before the document has loaded: wait for the document.
  const detail = page.getByTestId('outgoing-detail');
  await detail.locator('h1').waitFor();
  assert.match(await detail.innerText(), /Báo cáo/);
});

/** A công văn drafted by a specialist, issued through its flow. */
const issuedCongVan = (summary) => issueThroughFlow(server.url, DEMO_PASSWORD, {
  drafter: 'cv.kt1',
  documentType: 'CV',
  changes: (template) => ({
    summary, addressees: ['Sở Tài chính', 'Sở Xây dựng'],
    blocks: [{ kind: 'paragraph', runs: [{ text: 'Đề nghị các cơ quan báo cáo trước ngày 15/12/2026.', bold: false, italic: false }] }],
    recipients: [{ text: 'Như trên', agencyId: null, departmentId: null }, ...template.recipients],
  }),
});

test('the clerk records the dispatch of several issued documents at once', async () => {
  const ids = [await issuedCongVan('đôn đốc báo cáo quyết toán vốn đầu tư'), await issuedCongVan('đôn đốc báo cáo giải ngân quý IV')];
  await as('vt1');
  await page.getByTestId('nav-outgoing').click();
  for (const id of ids) await page.locator(`tr:has(a[href="#/outgoing/${id}"]) input[type=checkbox]`).check();
  await page.getByTestId('bulk').getByText('Đã chọn 2 văn bản').waitFor();
  await page.getByTestId('bulk-dispatch').click();
  await page.getByTestId('bulk-outcome').getByText('Đã thực hiện với 2 văn bản.').waitFor();
  const clerk = await page.evaluate(() => sessionStorage.getItem('vanphong.token'));
  for (const id of ids) {
    const detail = await callApi(server.url, 'outgoing_get', { id }, clerk);
    assert.deepEqual(detail.dispatches.map((d) => d.recipient).sort(), ['Sở Tài chính', 'Sở Xây dựng']);
  }
});

test('the bell and the sidebar counts say so when they cannot be read, and recover', async () => {
  await as('vt1');
  const refuse = (route) => route.fulfill({
    status: 500,
    contentType: 'application/json',
    body: JSON.stringify({ code: 'internal', message: { vi: 'Lỗi máy chủ khi đọc', en: 'The server failed to read' }, field: null }),
  });
  await page.route('**/api/alert_list', refuse);
  await page.route('**/api/incoming_inbox_counts', refuse);
  await page.reload();
  await page.getByTestId('dashboard').waitFor();
  await page.getByTestId('work-failed').getByText('Không tải được số việc cần làm').waitFor();
  await page.getByTestId('my-work-failed').getByText(/Lỗi máy chủ khi đọc/).waitFor();
  await page.getByTestId('bell-failed').waitFor();
  await page.getByTestId('bell').click();
  await page.getByTestId('alerts-failed').getByText(/Không tải được thông báo: Lỗi máy chủ khi đọc/).waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-desk-read-failed.png') });

  // The server answers again: opening the bell reads afresh; a new page reads the counts.
  await page.unroute('**/api/alert_list');
  await page.unroute('**/api/incoming_inbox_counts');
  await page.keyboard.press('Escape');
  await page.getByTestId('bell').click();
  await page.getByTestId('alerts').waitFor();
  await page.getByTestId('alerts-failed').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('bell-failed').count(), 0, 'the bell shows its count again');
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/incoming_inbox_counts') && r.ok()),
    page.reload(),
  ]);
  await page.getByTestId('dashboard').waitFor();
  assert.equal(await page.getByTestId('work-failed').count(), 0, 'the counts are read again');
});
