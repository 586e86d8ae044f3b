// Logging in on the demo office: errors in plain Vietnamese, the lock-out, the keyboard.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { dataDir, serve, DEMO_PASSWORD } from '../harness.mjs';
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

test('a wrong password is explained and the field cleared', async () => {
  const page = await freshPage();
  await login(page, 'vt1', 'khongdung1');
  assert.equal(await page.getByTestId('login-error').innerText(), 'Tên đăng nhập hoặc mật khẩu không đúng.');
  assert.equal(await page.inputValue('input[name=password]'), '');
  await page.close();
});

test('the fifth wrong password locks the account for fifteen minutes', async () => {
  const page = await freshPage();
  for (let i = 0; i < 5; i++) await login(page, 'vt2', 'khongdung1');
  await page.getByText('Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần').waitFor();
  await login(page, 'vt2', DEMO_PASSWORD);
  await page.getByText('Tài khoản tạm khóa').waitFor();
  assert.equal(await page.getByTestId('dashboard').count(), 0);
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
