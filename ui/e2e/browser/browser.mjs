import { chromium } from 'playwright-core';

/** Debian's Chromium, headless, kept off the (closed) network; Playwright gives it a
 * fresh profile directory each time. `env`, when given, is the browser's environment
 * (e.g. a `HOME` whose `.pki/nssdb` trusts a test certificate authority). */
export async function launch({ env } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic',
    ],
    ...(env ? { env } : {}),
  });
}

/** Fill the login form and submit it, waiting for the core's answer. */
export async function login(page, username, password) {
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/session_login')),
    page.click('button[type=submit]'),
  ]);
}

/** A fresh browser context for `username` (as at their own desk), logged in on the
 * dashboard; closes `previous` first. */
export async function deskOf(browser, url, username, password, previous, viewport = { width: 1366, height: 768 }) {
  await previous?.context().close();
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.goto(url);
  await login(page, username, password);
  await page.getByTestId('dashboard').waitFor();
  return page;
}
