// Logging in on the demo office: errors in plain Vietnamese, throttling, the keyboard.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { dataDir, serve, DEMO_PASSWORD, RESULTS } from '../harness.mjs';
import { launch, login } from './browser.mjs';

let server, browser;

before(async () => {
  server = await serve(dataDir({ demo: true }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function freshPage() {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(server.url);
  await page.locator('input[name=username]').waitFor();
  return page;
}

// First, while this address has no failures of its own yet.
test("a stranger's wrong passwords slow others down, never the owner at a desk used before", async () => {
  // The owner and the administrator have logged in at their own desks before.
  const owner = await freshPage();
  await login(owner, 'vt2', DEMO_PASSWORD);
  await owner.getByTestId('dashboard').waitFor();
  await owner.getByTestId('logout').click();
  const admin = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await admin.goto(server.url);
  await login(admin, 'admin', DEMO_PASSWORD);
  await admin.getByTestId('dashboard').waitFor();

  // A stranger at another browser guesses; after three tries the answer says to wait (the
  // core's test checks the delays themselves, on its own clock).
  const stranger = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await stranger.goto(server.url);
  const waiting = stranger.getByText('Đăng nhập sai nhiều lần. Vui lòng chờ đến');
  for (let i = 0; i < 8 && !(await waiting.count()); i++) await login(stranger, 'vt2', 'khongdung1');
  await waiting.waitFor();
  assert.equal(await stranger.getByTestId('dashboard').count(), 0);

  // The owner's desk gets straight in.
  await login(owner, 'vt2', DEMO_PASSWORD);
  await owner.getByTestId('dashboard').waitFor();

  // The administrator sees it on the running server and lifts it.
  await admin.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Người dùng' }).click();
  const row = admin.locator('tr[data-username="vt2"]');
  await row.getByText('đăng nhập chậm lại đến').waitFor();
  await row.getByRole('button', { name: 'Mở khóa' }).click();
  await row.getByText('đăng nhập chậm lại đến').waitFor({ state: 'detached' });
  await admin.screenshot({ path: join(RESULTS, 'browser-users-unlocked.png') });
  for (const page of [owner, admin, stranger]) await page.context().close();
});

test('a wrong password is explained and the field cleared', async () => {
  const page = await freshPage();
  await login(page, 'vt1', 'khongdung1');
  assert.equal(await page.getByTestId('login-error').innerText(), 'Tên đăng nhập hoặc mật khẩu không đúng.');
  assert.equal(await page.inputValue('input[name=password]'), '');
  await page.close();
});

test('a person logs in and out with the keyboard alone', async () => {
  const page = await freshPage();
  // The username field has focus on arrival.
  await page.keyboard.type('pcvp2');
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByTestId('dashboard').waitFor();
  assert.match(await page.getByTestId('current-user').innerText(), /Lê Văn Hùng/);
  // Tab from the top reaches the skip link first, then the header controls.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Bỏ qua, đến nội dung chính');
  await page.getByTestId('logout').focus();
  await page.keyboard.press('Enter');
  await page.locator('input[name=username]').waitFor();
  await page.close();
});

test('a session that the server no longer knows sends the person back to login', async () => {
  const page = await freshPage();
  await login(page, 'cvp', DEMO_PASSWORD);
  await page.getByTestId('dashboard').waitFor();
  await page.evaluate(() => sessionStorage.setItem('vanphong.token', 'no-such-session'));
  await page.reload();
  await page.locator('input[name=username]').waitFor();
  await page.close();
});
