// The desktop app as people use it: it starts, a user logs in, the dashboard and the
// users screen show, in Vietnamese and in English; and it refuses, with a clear message,
// data that another instance is using.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { dataDir, serve, DEMO_PASSWORD, RESULTS } from '../harness.mjs';
import { openApp, screenshot, startDriver } from './driver.mjs';

let driver;

before(async () => {
  driver = await startDriver();
});

after(() => {
  driver?.kill();
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
