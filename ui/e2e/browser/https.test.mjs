// HTTPS that browsers accept: the office server with a certificate from the Office's own
// authority, reached by a Chromium that trusts that authority (and nothing looser). The
// browser speaks HTTP/2, which names the host only in `:authority`; a person logs in and
// every answer tells the browser to keep to HTTPS (HSTS).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, DEMO_PASSWORD, serve, testAuthority } from '../harness.mjs';
import { launch, login } from './browser.mjs';

let keys, server, browser;

/** The test authority (harness), and a home directory whose NSS database (where
 * Chromium on Linux looks for local authorities) trusts it. */
function certificates() {
  const authority = testAuthority();
  const home = join(authority.dir, 'home');
  const nssdb = `sql:${join(home, '.pki/nssdb')}`;
  mkdirSync(join(home, '.pki/nssdb'), { recursive: true });
  execFileSync('certutil', ['-N', '-d', nssdb, '--empty-password'], { stdio: 'pipe' });
  execFileSync('certutil', ['-A', '-d', nssdb, '-n', 'vanphong-test-ca', '-t', 'C,,', '-i', authority.ca], { stdio: 'pipe' });
  return { ...authority, home };
}

before(async () => {
  keys = certificates();
  server = await serve(dataDir({ demo: true }), { args: ['--tls-cert', keys.cert, '--tls-key', keys.key] });
  browser = await launch({ env: { ...process.env, HOME: keys.home } });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('over HTTPS and HTTP/2 a person logs in, and the server asks for HTTPS from then on', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  // A certificate the browser did not trust would fail here (net::ERR_CERT_…).
  const arrival = await page.goto(server.url);
  assert.equal(arrival.status(), 200);
  assert.match((await arrival.allHeaders())['strict-transport-security'] ?? '', /^max-age=\d+/);
  assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation')[0].nextHopProtocol), 'h2');

  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/session_login')),
    login(page, 'vt1', DEMO_PASSWORD),
  ]);
  assert.equal(answer.status(), 200, 'the login, sent over HTTP/2 with its https:// origin, is answered');
  assert.match((await answer.allHeaders())['strict-transport-security'] ?? '', /^max-age=\d+/);
  await page.getByTestId('dashboard').waitFor();
  const calls = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((entry) => entry.name.includes('/api/'))
    .map((entry) => entry.nextHopProtocol));
  assert.ok(calls.length > 0 && calls.every((protocol) => protocol === 'h2'), `API calls over ${calls}`);
  await page.close();
});
