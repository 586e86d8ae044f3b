// Workstations on the Office's server: two desktop apps, a clerk's and a leader's, set up
// by IT (desktop.toml naming the server and the Office's CA, so nobody is asked) and
// joined to one `vanphong serve` over HTTPS. The clerk registers and presents a document;
// the leader's window shows it at once and the server's alert becomes a notification on
// the leader's desktop; the server restarts and both windows find it again by
// themselves, with what the clerk was typing still there.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi, dataDir, serve, DEMO_PASSWORD, RESULTS, scratchDir, testAuthority } from '../harness.mjs';
import { logIn, openApp, screenshot, startDriver, stopDriver } from './driver.mjs';
import { fakeViewer, screenshotDisplay, startNotifications } from './notifications.mjs';

let drivers = [], notifications, viewer;

before(async () => {
  notifications = await startNotifications();
  viewer = fakeViewer();
  const env = viewer.path(notifications.env);
  // A driver runs one app: one for each desk.
  drivers = [await startDriver(env), await startDriver(env, 4454)];
});

after(async () => {
  for (const driver of drivers) await stopDriver(driver);
  notifications?.stop();
});

/** A workstation as IT sets it up: its own (empty) data directory and IT's file. */
function workstation(server, ca) {
  const own = scratchDir('vanphong-ws-');
  const system = join(own, 'it-desktop.toml');
  writeFileSync(system, `mode = "server"\nserver = "${server}"\nca_file = "${ca}"\n`);
  return { own, args: ['--system-config', system] };
}

const setClock = (file, instant) => writeFileSync(file, instant);

test('a clerk and a leader work on one server from their desktops, live, and through a restart', async () => {
  const authority = testAuthority();
  // 23:30 in Vietnam: a direction the deputy chief follows is due today, and overdue
  // in an hour.
  const dir = dataDir({ demo: true, clock: '2026-11-20T16:30:00Z' });
  const clockFile = join(dir, 'clock');
  const tls = ['--tls-cert', authority.cert, '--tls-key', authority.key];
  // What was decided earlier, through a plain server (the test's fetch knows no test CA).
  const earlier = await serve(dir, { clockFile });
  try {
    const call = (name, request, token) => callApi(earlier.url, name, request, token);
    const { token } = await call('session_login', { username: 'pcvp2', password: DEMO_PASSWORD, device: null });
    const [leader] = await call('user_list', { search: 'pct1', departmentId: null, role: null, includeDisabled: false }, token);
    const agencies = await call('agency_list', { search: 'so tai chinh', group: null, includeInactive: false, offset: 0, limit: 1 }, token);
    await call('direction_create', {
      source: 'manual', content: 'Báo cáo tình hình thu ngân sách quý IV', leaderId: leader.id,
      leadAgencyId: agencies.items[0].id, assignedOn: '2026-11-20', deadline: '2026-11-20', priority: 'high',
    }, token);
  } finally {
    await earlier.stop();
  }
  let server = await serve(dir, { clockFile, args: tls });
  const port = new URL(server.url).port;
  const address = `https://localhost:${port}`;

  const clerkDesk = workstation(address, authority.ca);
  const leaderDesk = workstation(address, authority.ca);
  // The clerk's answer to the system's save dialog (the dialog itself is the system's).
  const savedAs = join(clerkDesk.own, 'so-van-ban-den.xlsx');
  const clerk = await openApp(clerkDesk.own, [...clerkDesk.args, '--save-as', savedAs], { chosen: false, driver: drivers[0] });
  const leader = await openApp(leaderDesk.own, leaderDesk.args, { chosen: false, driver: drivers[1] });
  try {
    // Set up by IT: straight to the login, which says which server it is.
    const where = await clerk.$('[data-testid=login-connection]');
    await where.waitForDisplayed({ timeout: 20000 });
    assert.match(await where.getText(), /localhost/);
    await screenshot(clerk, join(RESULTS, 'desktop-server-login.png'));
    await logIn(leader, 'pcvp2');
    await logIn(clerk, 'vt1');
    const waiting = await leader.$('[data-testid=incoming-count]');
    assert.ok(!(await waiting.isExisting()) || (await waiting.getText()) !== '1', 'nothing waits for the leader yet');

    // The clerk registers a document and presents it to the deputy chief.
    await clerk.$('[data-testid=nav-incoming]').click();
    await clerk.$('[data-testid=incoming-new]').click();
    const form = await clerk.$('[data-testid=incoming-register]');
    await form.waitForDisplayed({ timeout: 10000 });
    await form.$('input[name=agency]').setValue('Sở Tài chính');
    await form.$('input[name=numberSymbol]').setValue('88/STC-QLNS');
    await form.$('textarea[name=summary]').setValue('Về việc đề nghị bổ sung dự toán ngân sách năm 2026');
    await form.$('select[name=leadDepartmentId]').selectByVisibleText('Phòng Kinh tế');
    await form.$('select[name=presentToId]').selectByVisibleText('Lê Văn Hùng — Phó Chánh Văn phòng');
    await form.$('button=Vào sổ văn bản đến').click();
    await clerk.$('[data-testid=incoming-detail]').waitForDisplayed({ timeout: 10000 });
    await screenshot(clerk, join(RESULTS, 'desktop-server-clerk.png'));

    // The leader's window hears of it over the server's event stream.
    await leader.$('[data-testid=incoming-count]').waitForDisplayed({ timeout: 10000 });
    await leader.waitUntil(async () => (await leader.$('[data-testid=incoming-count]').getText()) === '1', { timeout: 10000 });
    await screenshot(leader, join(RESULTS, 'desktop-server-leader.png'));

    // Midnight in Vietnam: the direction is overdue; the server's alert reaches the
    // leader's desktop.
    setClock(clockFile, '2026-11-20T17:30:00Z');
    await notifications.waitFor(/"Quá hạn"[\s\S]*thu ngân sách quý IV/);
    await new Promise((r) => setTimeout(r, 500));
    screenshotDisplay(join(RESULTS, 'desktop-server-notification.png'));
    // The leader clicks it: the window opens the direction, and the alert is read.
    const unread = async () => ((await leader.$('[data-testid=bell-count]').isExisting()) ? await leader.$('[data-testid=bell-count]').getText() : '0');
    await leader.waitUntil(async () => (await unread()) !== '0', { timeout: 10000, timeoutMsg: 'the bell did not hear the alert' });
    const before = await unread();
    notifications.click();
    await leader.$('[data-testid=direction-content]').waitForDisplayed({ timeout: 10000 });
    assert.match(await leader.$('[data-testid=direction-content]').getText(), /thu ngân sách quý IV/);
    assert.match(await leader.execute(() => location.hash), /^#\/directions\/\d+$/);
    await leader.waitUntil(async () => Number(await unread()) === Number(before) - 1, { timeout: 10000, timeoutMsg: `the alert stayed unread (${before})` });
    await screenshot(leader, join(RESULTS, 'desktop-server-notification-opened.png'));

    // The clerk exports the register: it comes from the server and is saved where the
    // save dialog says.
    await clerk.$('[data-testid=nav-incoming]').click();
    await clerk.$('[data-testid=tab-all]').click();
    await clerk.$('[data-testid=print-register]').click();
    await clerk.$('[data-testid=export-register]').click();
    await clerk.waitUntil(() => existsSync(savedAs), { timeout: 15000, timeoutMsg: 'the register was not saved' });
    assert.equal(readFileSync(savedAs).subarray(0, 2).toString('latin1'), 'PK', 'an XLSX workbook (a zip)');
    // And prints it: the PDF opens in the computer's viewer, from a folder of the clerk's.
    await clerk.$('[data-testid=print-register-pdf]').click();
    await clerk.$('[data-testid=open-in-viewer]').click();
    await clerk.waitUntil(() => viewer.opened().length > 0, { timeout: 15000, timeoutMsg: 'nothing was opened' });
    const [opened] = viewer.opened();
    assert.ok(opened.startsWith(join(clerkDesk.own, 'opened')), opened);
    assert.equal(readFileSync(opened).subarray(0, 5).toString('latin1'), '%PDF-');
    await screenshot(clerk, join(RESULTS, 'desktop-server-register-pdf.png'));
    await clerk.keys('Escape');
    await clerk.keys('Escape');

    // The clerk starts another registration; the server goes down meanwhile.
    await clerk.$('[data-testid=nav-incoming]').click();
    await clerk.$('[data-testid=incoming-new]').click();
    const next = await clerk.$('[data-testid=incoming-register]');
    await next.waitForDisplayed({ timeout: 10000 });
    const typed = 'Về việc xin ý kiến phương án sắp xếp trụ sở làm việc';
    await next.$('textarea[name=summary]').setValue(typed);
    await server.stop();
    // Both windows say so at once (the next call or the event stream finds it gone).
    for (const window of [clerk, leader]) {
      await window.$('[data-testid=connection-banner]').waitForDisplayed({ timeout: 15000 });
    }
    assert.match(await clerk.$('[data-testid=connection-banner]').getText(), /Mất kết nối tới máy chủ/);
    await screenshot(clerk, join(RESULTS, 'desktop-server-offline.png'));

    // Back on the same address: the windows find it again, and nothing typed was lost.
    server = await serve(dir, { clockFile, args: tls, listen: `127.0.0.1:${port}` });
    for (const window of [clerk, leader]) {
      await window.$('[data-testid=connection-banner]').waitForDisplayed({ reverse: true, timeout: 20000 });
    }
    assert.equal(await clerk.$('textarea[name=summary]').getValue(), typed);
    assert.equal(await leader.$('[data-testid=incoming-count]').getText(), '1');
    await screenshot(clerk, join(RESULTS, 'desktop-server-back.png'));
  } finally {
    await clerk.deleteSession();
    await leader.deleteSession();
    await server.stop();
  }
});

test('at first start the app asks where the data is, and refuses a server it cannot trust', async () => {
  const authority = testAuthority();
  const dir = dataDir({ demo: true });
  const server = await serve(dir, { args: ['--tls-cert', authority.cert, '--tls-key', authority.key] });
  const address = `localhost:${new URL(server.url).port}`;
  const own = scratchDir('vanphong-ws-');
  // No file from IT on this workstation.
  const app = await openApp(own, ['--system-config', join(own, 'none.toml')], { chosen: false, driver: drivers[0] });
  try {
    const page = await app.$('[data-testid=connection-page]');
    await page.waitForDisplayed({ timeout: 20000 });
    await screenshot(app, join(RESULTS, 'desktop-first-start.png'));

    // The server's certificate is from the Office's own authority, which this computer
    // does not know yet: said next to the address, nothing kept.
    await app.$('[data-testid=connection-server]').click();
    await app.$('[data-testid=connection-address]').setValue(address);
    await app.$('[data-testid=connection-submit]').click();
    const refused = await app.$('[data-testid=connection-address-error]');
    await refused.waitForDisplayed({ timeout: 15000 });
    assert.match(await refused.getText(), /không được tin cậy/);
    await screenshot(app, join(RESULTS, 'desktop-first-start-untrusted.png'));

    // With the Office's CA file, it joins; the login names the server.
    await app.$('[data-testid=connection-ca]').setValue(authority.ca);
    await app.$('[data-testid=connection-submit]').click();
    const where = await app.$('[data-testid=login-connection]');
    await where.waitForDisplayed({ timeout: 20000 });
    assert.match(await where.getText(), new RegExp(address));
    await logIn(app, 'vt1');
    assert.match(await app.$('.topbar').getText(), /Văn phòng Ủy ban nhân dân tỉnh Nghệ An/);
  } finally {
    await app.deleteSession();
    await server.stop();
  }
});
