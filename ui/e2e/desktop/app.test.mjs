// The desktop app as people use it: it starts, a user logs in, the dashboard and the
// users screen show, in Vietnamese and in English; it refuses, with a clear message, data
// that another instance is using; PDFs open inside it; and a deadline that passes while
// someone works becomes a notification on their desktop.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';

import { join } from 'node:path';
import { callApi, dataDir, serve, DEMO_PASSWORD, RESULTS, scratchDir } from '../harness.mjs';
import { largePdf, tinyPdf } from '../pdf.mjs';
import { logIn, openApp, screenshot, startDriver, stopDriver } from './driver.mjs';
import { fakeViewer, screenshotDisplay, startNotifications } from './notifications.mjs';

let driver, notifications, viewer;

before(async () => {
  notifications = await startNotifications();
  viewer = fakeViewer();
  driver = await startDriver(viewer.path(notifications.env));
});

after(async () => {
  await stopDriver(driver);
  notifications?.stop();
});

test('the desktop app starts, the administrator logs in and manages users', async () => {
  const app = await openApp(dataDir({ demo: true }));
  try {
    const username = await app.$('input[name=username]');
    await username.waitForDisplayed({ timeout: 20000 });
    assert.equal(await app.getTitle(), 'Văn phòng số');
    await screenshot(app, join(RESULTS, 'desktop-login-vi.png'));

    await username.setValue('admin');
    await app.$('input[name=password]').setValue(DEMO_PASSWORD);
    await app.$('button[type=submit]').click();
    const dashboard = await app.$('[data-testid=dashboard]');
    await dashboard.waitForDisplayed({ timeout: 10000 });
    assert.match(await dashboard.getText(), /Xin chào, Quản trị hệ thống/);
    assert.match(await app.$('.topbar').getText(), /Văn phòng Ủy ban nhân dân tỉnh Nghệ An/);
    await screenshot(app, join(RESULTS, 'desktop-dashboard-vi.png'));

    await app.$('a[href="#/admin/users"]').click();
    await app.$('tr[data-username="chutich"]').waitForDisplayed({ timeout: 10000 });
    assert.match(await app.$('[data-testid=users-page]').getText(), /44 người dùng/);
    await screenshot(app, join(RESULTS, 'desktop-users-vi.png'));

    await app.$('[data-testid=lang-switch]').click();
    await app.$('h1=Users').waitForDisplayed({ timeout: 5000 });
    assert.match(await app.$('[data-testid=users-page]').getText(), /44 users/);
    await screenshot(app, join(RESULTS, 'desktop-users-en.png'));
    await app.$('a[href="#/"]').click();
    await app.$('h1=Hello, Quản trị hệ thống').waitForDisplayed({ timeout: 5000 });
    await screenshot(app, join(RESULTS, 'desktop-dashboard-en.png'));
  } finally {
    await app.deleteSession();
  }
});

test('data already in use by another instance gets a clear message', async () => {
  const dir = dataDir({ demo: true });
  const server = await serve(dir);
  const app = await openApp(dir);
  try {
    const alert = await app.$('[role=alert]');
    await alert.waitForDisplayed({ timeout: 20000 });
    assert.match(await alert.getText(), /Một phiên bản Văn phòng số khác đang dùng dữ liệu/);
    await screenshot(app, join(RESULTS, 'desktop-already-running.png'));
  } finally {
    await app.deleteSession();
    await server.stop();
  }
});

/** Register a document with a PDF through the office server, which then stops. */
async function documentWithPdf(dir) {
  const server = await serve(dir);
  const call = (name, request, token) => callApi(server.url, name, request, token);
  try {
    const { token } = await call('session_login', { username: 'vt1', password: DEMO_PASSWORD });
    const [register] = await call('register_list', { kind: 'incoming' }, token);
    const row = await call('incoming_register', {
      registerId: register.id, receivedAt: new Date().toISOString(), agencyId: null, agencyName: 'Sở Tài chính',
      addAgencyToDirectory: null, numberSymbol: '12/STC', documentDate: null, documentType: 'CV',
      summary: 'Về việc thẩm định dự toán', urgency: 'normal', secrecy: 'none', pageCount: 1, replyDeadline: null,
      signer: '', electronic: true,
      attachments: [{ fileName: '12-STC.pdf', contentBase64: tinyPdf('12/STC tham dinh du toan').toString('base64') }],
      leadDepartmentId: null, supervisorId: null, routingRuleId: null, presentToId: null, confirmDuplicate: false,
    }, token);
    return row.id;
  } finally {
    await server.stop();
  }
}

/** A session in progress, prepared and driven through the office server: one item with
 * its submission (a PDF), everyone present, a named vote running. */
async function sessionInProgress(dir) {
  const server = await serve(dir);
  const call = (name, request, token) => callApi(server.url, name, request, token);
  const as = async (username) => (await call('session_login', { username, password: DEMO_PASSWORD })).token;
  try {
    const [secretary, chair] = [await as('cvp'), await as('chutich')];
    const input = await call('meeting_template', { kind: 'regular' }, secretary);
    const { id } = await call('meeting_create', { ...input, title: 'Phiên họp UBND tỉnh thường kỳ tháng 12' }, secretary);
    let detail = await call('meeting_item_save', { meetingId: id, itemId: null, input: {
      title: 'Dự thảo Nghị quyết quy định giá dịch vụ sử dụng đất', decisionAsked: 'Thông qua để trình HĐND tỉnh',
      filesComplete: true, minutes: 30, parentId: null, presenterAgencyId: null, specialistId: null, requiredAgencyIds: [],
    } }, secretary);
    const itemId = detail.items[0].id;
    await call('meeting_document_add', { itemId, role: 'submission', title: 'Tờ trình số 120/TTr-STC',
      file: { fileName: 'to-trinh.pdf', contentBase64: tinyPdf('To trinh 120/TTr-STC gia dich vu su dung dat').toString('base64') } }, secretary);
    await call('meeting_item_admit', { itemId, admit: true, reason: '' }, secretary);
    await call('meeting_open', { id, open: true }, chair);
    detail = await call('meeting_get', { id }, chair);
    const marks = detail.people.filter((p) => p.part === 'member').map((p) => ({ userId: p.userId, attendance: 'room' }));
    await call('meeting_attendance_set', { id, marks }, chair);
    await call('meeting_current_set', { id, itemId }, chair);
    await call('poll_start', { meetingId: id, itemId, question: 'Thông qua dự thảo Nghị quyết', secret: false }, chair);
    return id;
  } finally {
    await server.stop();
  }
}

test("a member's view in the app: the item under discussion, its document with a private note, the vote", async () => {
  const dir = dataDir({ demo: true });
  const id = await sessionInProgress(dir);
  const app = await openApp(dir);
  try {
    await logIn(app, 'tv1');
    await app.execute((target) => { location.hash = target; }, `/meetings/${id}`);
    await app.$('[data-testid=tab-room]').click();
    const current = await app.$('[data-testid=current-item]');
    await current.waitForDisplayed({ timeout: 10000 });
    assert.match(await current.getText(), /giá dịch vụ sử dụng đất/);
    await app.$('[data-testid=meeting-document] button').click();
    await app.$('[data-testid=pdf-view] canvas').waitForExist({ timeout: 20000 });
    const note = await app.$('[data-testid=private-note]');
    await note.setValue('Hỏi Sở Tài chính về căn cứ tính giá');
    await app.$('button=Tán thành').click();
    await app.$('[data-testid=confirm-yes]').click();
    const voted = await app.$('[data-testid=voted]');
    await voted.waitForDisplayed({ timeout: 10000 });
    assert.match(await voted.getText(), /Tán thành/);
    await screenshot(app, join(RESULTS, 'desktop-meeting-member.png'));
    // The note was kept for this member (saved as they left the field).
    await app.refresh();
    await app.$('[data-testid=tab-room]').waitForDisplayed({ timeout: 20000 });
    await app.$('[data-testid=tab-room]').click();
    await app.$('[data-testid=meeting-document] button').click();
    const kept = await app.$('[data-testid=private-note]');
    await kept.waitForDisplayed({ timeout: 10000 });
    assert.equal(await kept.getValue(), 'Hỏi Sở Tài chính về căn cứ tính giá');
  } finally {
    await app.deleteSession();
  }
});

test('a PDF attachment opens inside the desktop app', async () => {
  const dir = dataDir({ demo: true });
  const id = await documentWithPdf(dir);
  const app = await openApp(dir);
  try {
    await logIn(app, 'vt1');
    await app.execute((target) => { location.hash = target; }, `/incoming/${id}`);
    await app.$('[data-testid=incoming-detail]').waitForDisplayed({ timeout: 10000 });
    await app.$('button=Xem').click();
    await app.$('[data-testid=pdf-view] canvas').waitForExist({ timeout: 20000 });
    await screenshot(app, join(RESULTS, 'desktop-incoming-pdf.png'));
    // Or in the computer's own viewer, where it is printed: the very file.
    await app.$('[data-testid=attachment-open]').click();
    await app.waitUntil(() => viewer.opened().length > 0, { timeout: 15000, timeoutMsg: 'nothing was opened' });
    const [opened] = viewer.opened();
    assert.ok(opened.startsWith(join(dir, 'opened')) && opened.endsWith('12-STC.pdf'), opened);
    assert.deepEqual(readFileSync(opened), tinyPdf('12/STC tham dinh du toan'));
    await app.$('[data-testid=print-slip]').click();
    await app.$('dialog [data-testid=pdf-view] canvas').waitForExist({ timeout: 20000 });
    await screenshot(app, join(RESULTS, 'desktop-incoming-slip.png'));
  } finally {
    await app.deleteSession();
  }
});

test('a 150 MB scan is registered through the desktop app and opens', { timeout: 300000 }, async () => {
  const path = join(scratchDir('vanphong-scan-'), 'ho-so-du-an.pdf');
  writeFileSync(path, largePdf('150 MB ho so du an', 150));
  const app = await openApp(dataDir({ demo: true }));
  try {
    await logIn(app, 'vt1');
    await app.execute(() => { location.hash = '/incoming/new'; });
    const form = await app.$('[data-testid=incoming-register]');
    await form.waitForDisplayed({ timeout: 10000 });
    await (await app.$('input[name=agency]')).setValue('Sở Xây dựng');
    await (await app.$('input[name=numberSymbol]')).setValue('715/SXD-QLXD');
    await (await app.$('textarea[name=summary]')).setValue('Về việc thẩm định hồ sơ dự án cầu treo');
    await (await app.$('input[name=attachments]')).addValue(path);
    await (await app.$('button=Vào sổ văn bản đến')).click();
    await app.$('[data-testid=incoming-detail]').waitForDisplayed({ timeout: 240000 });
    // The document itself, not the page still loading it.
    await app.waitUntil(async () => /ho-so-du-an\.pdf/.test(await app.$('[data-testid=incoming-detail]').getText()),
      { timeout: 60000, timeoutMsg: 'the attachment is not listed' });
    await app.$('button=Xem').click();
    await app.$('[data-testid=pdf-view] canvas').waitForExist({ timeout: 120000 });
    await screenshot(app, join(RESULTS, 'desktop-upload-opened.png'));
  } finally {
    await app.deleteSession();
  }
});

test('at the desk in the app: the agency picker, the question before leaving, the title', async () => {
  const app = await openApp(dataDir({ demo: true }));
  try {
    await logIn(app, 'vt1');
    await app.execute(() => { location.hash = '/incoming/new'; });
    await app.$('[data-testid=incoming-register]').waitForDisplayed({ timeout: 10000 });
    const agency = await app.$('input[name=agency]');
    await agency.setValue('bo tai chinh');
    await app.waitUntil(async () => /Bộ Tài chính/.test(await app.$('li[role=option]').getText().catch(() => '')),
      { timeout: 10000, timeoutMsg: 'no suggestion from the directory' });
    await app.keys(['ArrowDown', 'ArrowUp', 'Enter']);
    await app.waitUntil(async () => (await agency.getValue()) === 'Bộ Tài chính',
      { timeout: 5000, timeoutMsg: 'Enter did not take the agency of the directory' });
    await (await app.$('input[name=numberSymbol]')).setValue('12/BTC-NSNN');
    await screenshot(app, join(RESULTS, 'desktop-desk-combobox.png'));
    assert.match(await app.getTitle(), /^Văn bản đến · Văn phòng số$/);
    // Leaving with what was typed asks first; staying keeps it.
    await app.$('[data-testid=nav-outgoing]').click();
    await app.$('[data-testid=leave-stay]').waitForDisplayed({ timeout: 5000 });
    await screenshot(app, join(RESULTS, 'desktop-desk-leave.png'));
    await app.$('[data-testid=leave-stay]').click();
    assert.equal(await (await app.$('input[name=numberSymbol]')).getValue(), '12/BTC-NSNN');
    await app.$('[data-testid=nav-outgoing]').click();
    await app.$('[data-testid=leave-go]').click();
    await app.$('[data-testid=outgoing-page]').waitForDisplayed({ timeout: 10000 });
    await app.waitUntil(async () => (await app.getTitle()) === 'Văn bản đi · Văn phòng số',
      { timeout: 5000, timeoutMsg: 'the title names the page' });
  } finally {
    await app.deleteSession();
  }
});

/** Wait for the bell to count `count` unread alerts. */
async function bellShows(app, count) {
  await app.waitUntil(async () => {
    const badge = await app.$('[data-testid=bell-count]');
    return (await badge.isExisting()) && (await badge.getText()) === count;
  }, { timeout: 10000, timeoutMsg: `the bell does not count ${count}` });
}

/** Set the clock in `file` to `instant` (RFC 3339). */
const setClock = (file, instant) => writeFileSync(file, instant);

test('a deadline passing while the specialist works becomes a desktop notification', async () => {
  const dir = dataDir({ demo: true });
  const clockFile = join(dir, 'clock');
  // Thursday 26/11/2026, 23:30 in Vietnam: the direction is due today.
  setClock(clockFile, '2026-11-26T16:30:00Z');
  const content = 'Báo cáo tiến độ giải ngân vốn đầu tư công năm 2026';
  const server = await serve(dir, { clockFile });
  try {
    const call = (name, request, token) => callApi(server.url, name, request, token);
    const { token } = await call('session_login', { username: 'cv.kt1', password: DEMO_PASSWORD });
    const [leader] = await call('user_list', { search: 'pct1', departmentId: null, role: null, includeDisabled: false }, token);
    const agencies = await call('agency_list', { search: 'so tai chinh', group: null, includeInactive: false, offset: 0, limit: 1 }, token);
    await call('direction_create', {
      source: 'manual', content, leaderId: leader.id, leadAgencyId: agencies.items[0].id,
      assignedOn: '2026-11-20', deadline: '2026-11-26', priority: 'high',
    }, token);
  } finally {
    await server.stop();
  }

  // The app scans deadlines every second on the test's clock; "due today" is raised as
  // it starts, before anyone has logged in, and stays in the bell.
  const app = await openApp(dir, ['--clock-file', clockFile, '--alert-interval', '1']);
  try {
    await logIn(app, 'cv.kt1');
    await bellShows(app, '1');
    assert.doesNotMatch(notifications.recorded(), /giải ngân/, 'nothing was shown before the specialist logged in');

    // Midnight passes: the direction is overdue, and the specialist at the desk is told.
    setClock(clockFile, '2026-11-26T17:30:00Z');
    await notifications.waitFor(/"Quá hạn"[\s\S]*NV \d+\/2026: Báo cáo tiến độ giải ngân/);
    // The bell says what stands today: "due today" has given way to "overdue".
    await bellShows(app, '1');
    await new Promise((r) => setTimeout(r, 500));
    screenshotDisplay(join(RESULTS, 'desktop-notification.png'));
    await app.$('[data-testid=bell]').click();
    const [newest] = await app.$$('[data-testid=alert]');
    assert.match(await newest.getText(), /Quá hạn/);
    await newest.click();
    await app.$('[data-testid=direction-detail]').waitForDisplayed({ timeout: 10000 });
    assert.equal(await app.$('[data-testid=direction-status]').getText(), 'Quá hạn');
    await screenshot(app, join(RESULTS, 'desktop-direction-overdue.png'));
  } finally {
    await app.deleteSession();
  }
});
