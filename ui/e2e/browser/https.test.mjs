// HTTPS that browsers accept: the office server with a certificate from the Office's own
// authority, reached by a Chromium that trusts that authority (and nothing looser). The
// browser speaks HTTP/2, which names the host only in `:authority`; a person logs in and
// every answer tells the browser to keep to HTTPS (HSTS).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, dataDir, DEMO_PASSWORD } from '../harness.mjs';
import { launch, login } from './browser.mjs';

let keys, server, browser;

/** A test certificate authority and a certificate it signs for 127.0.0.1 and localhost,
 * made now in a scratch directory (never kept), and a home directory whose NSS database
 * (where Chromium on Linux looks for local authorities) trusts that authority. */
function certificates() {
  const dir = mkdtempSync(join(tmpdir(), 'vanphong-tls-'));
  const at = (name) => join(dir, name);
  const openssl = (...args) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', at('ca.key'), '-out', at('ca.pem'), '-days', '2',
    '-subj', '/CN=Vanphong test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', ...ec, '-keyout', at('server.key'), '-out', at('server.csr'), '-subj', '/CN=localhost');
  writeFileSync(at('server.ext'), [
    'subjectAltName=IP:127.0.0.1,DNS:localhost', 'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth',
  ].join('\n'));
  openssl('x509', '-req', '-in', at('server.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'),
    '-CAcreateserial', '-days', '2', '-extfile', at('server.ext'), '-out', at('server.pem'));
  const home = at('home');
  const nssdb = `sql:${join(home, '.pki/nssdb')}`;
  mkdirSync(join(home, '.pki/nssdb'), { recursive: true });
  execFileSync('certutil', ['-N', '-d', nssdb, '--empty-password'], { stdio: 'pipe' });
  execFileSync('certutil', ['-A', '-d', nssdb, '-n', 'vanphong-test-ca', '-t', 'C,,', '-i', at('ca.pem')], { stdio: 'pipe' });
  return { dir, cert: at('server.pem'), key: at('server.key'), home };
}

/** `vanphong serve` with the certificate on a free port; its https:// URL and a stop. */
function serveTls(data, { cert, key }) {
  const child = spawn(BIN, ['--data-dir', data, 'serve', '--listen', '127.0.0.1:0', '--ui-dir',
    join(ROOT, 'ui/dist'), '--tls-cert', cert, '--tls-key', key], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (data) => {
      const match = /https:\/\/(\S+?)\//.exec(String(data));
      if (match) {
        resolve({
          url: `https://${match[1]}/`,
          stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }),
        });
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });
}

before(async () => {
  keys = certificates();
  server = await serveTls(dataDir({ demo: true }), keys);
  browser = await launch({ env: { ...process.env, HOME: keys.home } });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (keys) rmSync(keys.dir, { recursive: true, force: true });
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
