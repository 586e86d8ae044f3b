// Shared by the end-to-end suites: a real `vanphong` on a temporary data directory.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const TARGET = process.env.CARGO_TARGET_DIR ? resolve(ROOT, process.env.CARGO_TARGET_DIR) : join(ROOT, 'target');
export const BIN = process.env.VANPHONG_BIN ?? join(TARGET, 'debug/vanphong');
export const DESKTOP_BIN = process.env.VANPHONG_DESKTOP_BIN ?? join(TARGET, 'debug/vanphong-desktop');
for (const binary of [BIN, DESKTOP_BIN]) {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run \`cargo build --workspace\` first`);
}
export const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });

export const DEMO_PASSWORD = 'Demo@2026!';

/** The data directories this test file made: removed when it ends (a demo office is
 * 150 MB; a run of every suite used to leave gigabytes behind), unless
 * VANPHONG_E2E_KEEP is set to look at them. */
const created = [];
process.on('exit', () => {
  if (process.env.VANPHONG_E2E_KEEP) return;
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** A scratch directory of this test file (`prefix` names it), removed with the rest. */
export function scratchDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** A fresh data directory, optionally filled by `vanphong demo`. With `clock` (an RFC
 * 3339 instant), the demo's "today" is that instant, written to `<dir>/clock` for the
 * server to keep: the office is the same whatever day the test runs. */
export function dataDir({ demo = false, documentsPerDay = 0, clock = null } = {}) {
  const dir = scratchDir('vanphong-e2e-');
  const clockArgs = [];
  if (clock) {
    writeFileSync(join(dir, 'clock'), clock);
    clockArgs.push('--clock-file', join(dir, 'clock'));
  }
  if (demo) {
    const result = spawnSync(BIN, ['--data-dir', dir, 'demo', '--documents-per-day', String(documentsPerDay), ...clockArgs], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`vanphong demo failed: ${result.error ?? result.stderr}`);
  }
  return dir;
}

/** Start `vanphong serve` on a free port; resolves with its URL and a stop function.
 * With `clockFile`, the server takes its time from that file (tests move it) and scans
 * deadlines every second. */
export function serve(dir, { clockFile = null, args = [], listen = '127.0.0.1:0' } = {}) {
  const extra = [...(clockFile ? ['--clock-file', clockFile, '--alert-interval', '1'] : []), ...args];
  const child = spawn(
    BIN,
    ['--data-dir', dir, 'serve', '--listen', listen, '--ui-dir', join(ROOT, 'ui/dist'), ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20000);
    child.stdout.on('data', (data) => {
      const match = /(https?):\/\/(\S+?)\//.exec(String(data));
      if (match) {
        clearTimeout(timer);
        resolvePromise({
          url: `${match[1]}://${match[2]}/`,
          stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }),
        });
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });
}

/** A test certificate authority, as an Office's own, and a certificate it signs for
 * 127.0.0.1 and localhost, made now in a scratch directory of this test file (never
 * kept): `ca`, `cert`, `key` are PEM files; `serverCertificate()` makes another for the
 * same names (a server whose certificate is replaced). */
export function testAuthority() {
  const dir = scratchDir('vanphong-tls-');
  const at = (name) => join(dir, name);
  const openssl = (...args) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', at('ca.key'), '-out', at('ca.pem'), '-days', '2',
    '-subj', '/CN=Vanphong test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  writeFileSync(at('server.ext'), [
    'subjectAltName=IP:127.0.0.1,DNS:localhost', 'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth',
  ].join('\n'));
  let made = 0;
  const serverCertificate = () => {
    const name = `server${made++}`;
    openssl('req', ...ec, '-keyout', at(`${name}.key`), '-out', at(`${name}.csr`), '-subj', '/CN=localhost');
    openssl('x509', '-req', '-in', at(`${name}.csr`), '-CA', at('ca.pem'), '-CAkey', at('ca.key'),
      '-CAcreateserial', '-days', '2', '-extfile', at('server.ext'), '-out', at(`${name}.pem`));
    return { cert: at(`${name}.pem`), key: at(`${name}.key`) };
  };
  return { dir, ca: at('ca.pem'), ...serverCertificate(), serverCertificate };
}

/** Call the command `name` of the server at `url` as the holder of `token`. */
export async function callApi(url, name, request, token) {
  const response = await fetch(`${url}api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(request),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${name}: ${JSON.stringify(body)}`);
  return body;
}

/** An outgoing document drafted by `drafter` from the core's template with `changes`
 * (summary, blocks, recipients …), taken along its approval path by whoever holds it at
 * each step, and issued by the clerk `vt1`: through the core's commands, as the people
 * would. Returns its id. */
export async function issueThroughFlow(url, password, { drafter, documentType, changes }) {
  const token = async (username) => (await callApi(url, 'session_login', { username, password })).token;
  const admin = await token('admin');
  const everyone = await callApi(url, 'user_list', { search: null, departmentId: null, role: null, includeDisabled: false }, admin);
  const usernames = new Map(everyone.map((u) => [u.fullName, u.username]));
  const mine = await token(drafter);
  const template = await callApi(url, 'outgoing_template', { documentType, replyToIncomingId: null }, mine);
  const content = { ...template, ...changes(template) };
  let detail = await callApi(url, 'outgoing_save', { id: null, content, newBodyFile: null, newAttachments: [], replyToIncomingId: null, comment: '' }, mine);
  const id = detail.row.id;
  const step = async (who, name) => {
    const holder = await token(who);
    detail = await callApi(url, 'outgoing_get', { id }, holder);
    const next = detail.path.nextCandidates[0]?.id ?? null;
    detail = await callApi(url, name, { id, nextUserId: next, comment: '' }, holder);
  };
  await step(drafter, 'outgoing_submit');
  for (let i = 0; i < 8 && detail.row.status === 'in_review'; i += 1) await step(usernames.get(detail.row.holderName), 'outgoing_approve');
  if (detail.row.status !== 'signed') throw new Error(`not signed: ${detail.row.status}`);
  const clerk = await token('vt1');
  const fresh = await callApi(url, 'outgoing_get', { id }, clerk);
  await callApi(url, 'outgoing_issue', { id, registerId: fresh.proposedRegisterId, electronic: true, copies: null }, clerk);
  return id;
}

/** The bytes of a file a command handed over: inline, or from the download endpoint. */
export async function fetchFile(url, file, token) {
  const response = await fetch(`${url}api/download/${file.downloadId}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`download: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}
