// The desktop app as people use it: it starts, a user logs in, the dashboard and the
// users screen show, in Vietnamese and in English; and it refuses, with a clear message,
// data that another instance is using.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { dataDir, serve, DEMO_PASSWORD, RESULTS } from '../harness.mjs';
import { tinyPdf } from '../pdf.mjs';
import { openApp, screenshot, startDriver, stopDriver } from './driver.mjs';

let driver;

before(async () => {
  driver = await startDriver();
});

after(() => stopDriver(driver));

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
    assert.match(await app.$('[data-testid=users-page]').getText(), /43 người dùng/);
    await screenshot(app, join(RESULTS, 'desktop-users-vi.png'));

    await app.$('[data-testid=lang-switch]').click();
    await app.$('h1=Users').waitForDisplayed({ timeout: 5000 });
    assert.match(await app.$('[data-testid=users-page]').getText(), /43 users/);
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
  const call = async (name, body, token) => {
    const response = await fetch(`${server.url}api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(JSON.stringify(json));
    return json;
  };
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

test('a PDF attachment opens inside the desktop app', async () => {
  const dir = dataDir({ demo: true });
  const id = await documentWithPdf(dir);
  const app = await openApp(dir);
  try {
    await app.$('input[name=username]').waitForDisplayed({ timeout: 20000 });
    await app.$('input[name=username]').setValue('vt1');
    await app.$('input[name=password]').setValue(DEMO_PASSWORD);
    await app.$('button[type=submit]').click();
    await app.$('[data-testid=dashboard]').waitForDisplayed({ timeout: 10000 });
    await app.execute((target) => { location.hash = target; }, `/incoming/${id}`);
    await app.$('[data-testid=incoming-detail]').waitForDisplayed({ timeout: 10000 });
    await app.$('button=Xem').click();
    await app.$('[data-testid=pdf-view] canvas').waitForExist({ timeout: 20000 });
    await screenshot(app, join(RESULTS, 'desktop-incoming-pdf.png'));
    await app.$('[data-testid=print-slip]').click();
    await app.$('dialog [data-testid=pdf-view] canvas').waitForExist({ timeout: 20000 });
    await screenshot(app, join(RESULTS, 'desktop-incoming-slip.png'));
  } finally {
    await app.deleteSession();
  }
});
