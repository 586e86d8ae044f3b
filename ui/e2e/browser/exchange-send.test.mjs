// An issued document sent over the national interconnection axis, on the demo office with a
// fixed clock and the gateway's folder followed every second: the clerk sees the document's
// recipients from the directory ticked with their codes, one without a code offered another
// way; adds the Sở Tài chính and the Sở Tư pháp, is asked naming them, and sends; each
// delivery waits for the gateway, then leaves (the edXML file is in the outbox); the Sở Tài
// chính answers "03" as a recipient would and its row says so in both languages; the Sở Tư
// pháp, silent for a day, is flagged. A secret document is sent on paper.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi, dataDir, scratchDir, serve, DEMO_PASSWORD, RESULTS } from '../harness.mjs';
import { deskOf, launch } from './browser.mjs';

const FINANCE = { name: 'Sở Tài chính', code: '000.00.03.H41' };
const JUSTICE = { name: 'Sở Tư pháp', code: '000.00.04.H41' };
const NO_CODE = 'Công ty Điện lực Nghệ An';
// 08:00 on Wednesday 2 December 2026, Vietnam time.
const CLOCK = '2026-12-02T01:00:00Z';

let server, browser, page, dir, exchangeDir, clerk, admin;
/** The documents the test opens: issued and not secret (`sent` to the Sở Tài chính, `listed`
 * with a directory agency among its "Nơi nhận"), and a secret one if the demo has it. */
const docs = {};

before(async () => {
  dir = dataDir({ demo: true, documentsPerDay: 1, clock: CLOCK });
  exchangeDir = scratchDir('vanphong-axis-');
  server = await serve(dir, { clockFile: join(dir, 'clock'), args: ['--exchange-dir', exchangeDir, '--exchange-interval', '1'] });
  browser = await launch();
  clerk = (await callApi(server.url, 'session_login', { username: 'vt1', password: DEMO_PASSWORD })).token;
  assert.equal(await callApi(server.url, 'exchange_office_get', null, clerk), '000.00.01.H41', 'the demo office has its code');

  const filter = {
    status: 'issued', issuer: null, documentType: null, registerId: null, departmentId: null, from: null, to: null,
    waitingForMe: false, mine: false, search: null, sort: null, offset: 0, limit: 200,
  };
  const issued = (await callApi(server.url, 'outgoing_list', filter, clerk)).items;
  docs.secret = issued.find((row) => row.secrecy !== 'none');
  for (const row of issued.filter((r) => r.secrecy === 'none')) {
    const detail = await callApi(server.url, 'outgoing_get', { id: row.id }, clerk);
    const fromDirectory = detail.content.recipients.filter((r) => r.agencyId !== null);
    // Only the electronic original travels: signed in the flow and sealed at issue.
    const sealed = detail.digital === 'signerAndSeal';
    if (!docs.sent && sealed && fromDirectory.length === 0 && detail.content.addressees.includes(FINANCE.name)) docs.sent = detail;
    if (!docs.paper && detail.axisRefusal) docs.paper = detail;
    if (!docs.listed && sealed && fromDirectory.length > 0) docs.listed = { detail, agency: await callApi(server.url, 'agency_get', { id: fromDirectory[0].agencyId }, clerk) };
    if (docs.sent && docs.listed && docs.paper) break;
  }
  assert.ok(docs.sent, 'the demo has an issued công văn to the Sở Tài chính, signed and sealed');

  // An agency of the directory the axis does not know.
  admin = (await callApi(server.url, 'session_login', { username: 'admin', password: DEMO_PASSWORD })).token;
  await callApi(server.url, 'agency_create', { code: null, name: NO_CODE, abbreviation: 'PCNA', group: 'other' }, admin);
});

after(async () => {
  await page?.context().close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

const deliveries = () => page.getByTestId('axis-deliveries');
const row = (agency, state = '') => deliveries().locator(`tr[data-code="${agency.code}"]${state}`);

/** Add `name` from the directory with the section's picker, as a clerk types it. */
async function add(name, typed) {
  const form = page.getByTestId('axis-send');
  await form.locator('input[name=axisAddAgency]').fill(typed);
  await page.locator('.combo-list li').filter({ hasText: name }).first().click();
  await form.locator(`li[data-agency="${name}"]`).waitFor();
}

/** The name of the file the server's pass wrote for `code` in the gateway's outbox, once there. */
async function outboxFile(code) {
  const outbox = join(exchangeDir, 'outbox');
  for (let tries = 0; tries < 150; tries += 1) {
    const name = (await readdir(outbox).catch(() => [])).find((n) => n.endsWith(`-document-${code}.edxml`));
    if (name) return join(outbox, name);
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`no message for ${code} in ${outbox}`);
}

test('a document\'s recipients from the directory are ticked with their codes', async (t) => {
  page = await deskOf(browser, server.url, 'vt1', DEMO_PASSWORD, page);
  if (!docs.listed) return t.skip('no issued document of the demo has a directory agency among its recipients');
  const { detail, agency } = docs.listed;
  await page.goto(`${server.url}#/outgoing/${detail.row.id}`);
  const item = page.getByTestId('axis-send').locator(`li[data-agency="${agency.name}"]`);
  await item.waitFor();
  assert.ok(await item.locator('input[type=checkbox]').isChecked(), 'ticked');
  assert.match(await item.innerText(), new RegExp(agency.code.replaceAll('.', '\\.')));
});

test('without the Office\'s code nothing leaves: the page says so, and the core\'s reason is next to the button', async (t) => {
  if (!docs.listed) return t.skip('no issued document of the demo has a directory agency among its recipients');
  await callApi(server.url, 'exchange_office_set', { code: '' }, admin);
  try {
    await page.reload();
    await page.getByTestId('axis-office-missing').waitFor();
    await page.getByTestId('axis-send-submit').click();
    await page.locator('dialog[open]').getByTestId('confirm-yes').click();
    const error = page.getByTestId('axis-send-error');
    await error.waitFor();
    assert.match(await error.innerText(), /Văn phòng chưa có mã định danh/);
    await page.getByTestId('axis-send').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, 'browser-exchange-send-no-office-code.png') });
  } finally {
    await callApi(server.url, 'exchange_office_set', { code: '000.00.01.H41' }, admin);
  }
  assert.equal(await page.getByTestId('axis-deliveries').count(), 0, 'nothing was sent');
});

test('the page shows the electronic original: signed by its signer and sealed by its body, both valid', async () => {
  page = await deskOf(browser, server.url, 'vt1', DEMO_PASSWORD, page);
  await page.goto(`${server.url}#/outgoing/${docs.sent.row.id}`);
  const card = page.getByTestId('outgoing-digital');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-digital'), 'signerAndSeal');
  await card.getByTestId('signature-check').nth(1).waitFor();
  const states = await card.getByTestId('signature-check').evaluateAll((items) => items.map((i) => i.dataset.state));
  assert.deepEqual(states, ['valid', 'valid'], 'the signer\'s, then the body\'s');
  assert.match(await card.innerText(), /Bản điện tử gốc/);
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('download-signed').click()]);
  assert.equal(download.suggestedFilename(), `${docs.sent.row.numberSymbol.replaceAll('/', '-')}.pdf`);
  const bytes = await readFile(await download.path());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(RESULTS, 'browser-outgoing-signed-original.png') });
});

test('a document without an electronic original says why it cannot go over the axis', async (t) => {
  if (!docs.paper) return t.skip('every issued document of the demo has its electronic original');
  await page.goto(`${server.url}#/outgoing/${docs.paper.row.id}`);
  const refused = page.getByTestId('axis-send-refused');
  await refused.waitFor();
  assert.equal(await refused.innerText(), docs.paper.axisRefusal.vi);
  assert.equal(await page.getByTestId('axis-send').count(), 0, 'no form to send it');
});

test('the clerk adds the recipients: one without a code is offered another way', async () => {
  await page.goto(`${server.url}#/outgoing/${docs.sent.row.id}`);
  const form = page.getByTestId('axis-send');
  await form.waitFor();
  assert.match(await form.innerText(), /Gửi qua trục liên thông/);
  assert.equal(await page.getByTestId('axis-office-missing').count(), 0, 'the Office has its code');
  // "Kính gửi: Sở Tài chính" is a line of text, not an agency of the directory: nothing is ticked.
  assert.equal(await form.getByTestId('axis-send-submit').isDisabled(), true);

  await add(NO_CODE, 'dien luc');
  const none = form.locator(`li[data-agency="${NO_CODE}"]`);
  assert.match(await none.innerText(), /chưa có mã định danh — gửi cách khác/);
  assert.equal(await none.locator('input').isDisabled(), true, 'not tickable');
  assert.equal(await none.locator('input').isChecked(), false);

  await add(FINANCE.name, 'tai chinh');
  await add(JUSTICE.name, 'tu phap');
  for (const agency of [FINANCE, JUSTICE]) {
    const item = form.locator(`li[data-agency="${agency.name}"]`);
    assert.ok(await item.locator('input').isChecked(), `${agency.name} ticked`);
    assert.match(await item.innerText(), new RegExp(agency.code.replaceAll('.', '\\.')));
  }
  await form.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-send-form.png') });
});

test('the clerk is asked, naming the recipients, and sends: each delivery waits for the gateway', async () => {
  const dispatched = (await callApi(server.url, 'outgoing_get', { id: docs.sent.row.id }, clerk)).dispatches.length;
  // Every state a delivery shows, in order, whatever reading brings it.
  await page.evaluate(() => {
    window.deliveryStates = [];
    new MutationObserver(() => {
      for (const badge of document.querySelectorAll('[data-testid=delivery-state]')) {
        if (!window.deliveryStates.includes(badge.textContent)) window.deliveryStates.push(badge.textContent);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByTestId('axis-send-submit').click();
  const dialog = page.locator('dialog[open]');
  await dialog.waitFor();
  const asked = await dialog.innerText();
  assert.match(asked, new RegExp(`Gửi văn bản ${docs.sent.row.numberSymbol} qua trục liên thông đến 2 nơi`));
  assert.match(asked, /Sở Tài chính \(000\.00\.03\.H41\); Sở Tư pháp \(000\.00\.04\.H41\)/);
  assert.doesNotMatch(asked, /Điện lực/, 'only those with a code');
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-send-confirm.png') });
  await dialog.getByTestId('confirm-yes').click();

  await row(FINANCE).waitFor();
  await row(JUSTICE).waitFor();
  await page.waitForFunction(() => window.deliveryStates.includes('đang chờ chuyển'));
  const table = await deliveries().innerText();
  assert.match(table, /Theo dõi gửi qua trục/);
  assert.match(table, /Sở Tài chính\s+000\.00\.03\.H41\s+02\/12\/2026 08:00/);
  // Sent: no longer ticked, and said so.
  const form = page.getByTestId('axis-send');
  assert.equal(await form.locator(`li[data-agency="${FINANCE.name}"] input`).isChecked(), false);
  assert.match(await form.locator(`li[data-agency="${FINANCE.name}"]`).innerText(), /đã gửi lúc 02\/12\/2026 08:00/);
  // The sending is the document's electronic dispatch.
  const dispatches = page.getByTestId('dispatches');
  await dispatches.locator('li').nth(dispatched + 1).waitFor();
  assert.match(await dispatches.innerText(), /Sở Tài chính · Điện tử \(trục liên thông\)[\s\S]*Sở Tư pháp · Điện tử/);
  await deliveries().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-send-waiting.png') });
});

test('the server\'s pass hands each message to the gateway, and the deliveries say so', async () => {
  const file = await readFile(await outboxFile(FINANCE.code), 'utf8');
  assert.match(file, /<edXML:To>\s*<edXML:OrganId>000\.00\.03\.H41<\/edXML:OrganId>/);
  await outboxFile(JUSTICE.code);
  // Read again when the pass writes the outbox: no reload.
  await row(FINANCE, '[data-left=true]').waitFor({ timeout: 10000 });
  assert.equal(await row(FINANCE).getByTestId('delivery-state').innerText(), 'Đã chuyển lên trục, chờ phản hồi');
});

test('the recipient answers "03" and its row says so, in both languages', async () => {
  const file = await readFile(await outboxFile(FINANCE.code), 'utf8');
  const documentId = /<edXML:DocumentId>([^<]+)<\/edXML:DocumentId>/.exec(file)[1];
  const to = /<edXML:To>\s*<edXML:OrganId>([^<]+)<\/edXML:OrganId>/.exec(file)[1];
  assert.equal(documentId.split(',')[2], docs.sent.row.numberSymbol);
  const [office, date, symbol] = documentId.split(',');
  const status = `<?xml version="1.0" encoding="UTF-8"?>
<edXML:Status xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:ResponseFor>
    <edXML:OrganId>${office}</edXML:OrganId>
    <edXML:Code>${symbol}</edXML:Code>
    <edXML:PromulgationDate>${date}</edXML:PromulgationDate>
    <edXML:DocumentId>${documentId}</edXML:DocumentId>
  </edXML:ResponseFor>
  <edXML:From><edXML:OrganId>${to}</edXML:OrganId><edXML:OrganName>${FINANCE.name}</edXML:OrganName></edXML:From>
  <edXML:StatusCode>03</edXML:StatusCode>
  <edXML:Description>Đã vào sổ văn bản đến số 1502</edXML:Description>
  <edXML:Timestamp>2026/12/02 08:00:00</edXML:Timestamp>
  <edXML:StaffInfo><edXML:Department>Văn phòng Sở</edXML:Department><edXML:Staff>Lê Thị Mai</edXML:Staff></edXML:StaffInfo>
</edXML:Status>
`;
  // Written whole, then named, as a gateway does.
  const inbox = join(exchangeDir, 'inbox');
  await writeFile(join(inbox, '.status-03.edxml.tmp'), status);
  await rename(join(inbox, '.status-03.edxml.tmp'), join(inbox, 'status-03.edxml'));

  const finance = row(FINANCE, '[data-status="03"]');
  await finance.waitFor();
  assert.equal(await finance.getByTestId('delivery-state').innerText(), 'Đã tiếp nhận, vào sổ');
  assert.match(await finance.innerText(), /lúc 02\/12\/2026 08:00[\s\S]*Đã vào sổ văn bản đến số 1502/);
  assert.match(await row(JUSTICE).getByTestId('delivery-state').innerText(), /chờ phản hồi|đang chờ chuyển/, 'the other one has not answered');
  await deliveries().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-send-registered.png') });

  await page.getByTestId('lang-switch').click();
  await deliveries().getByText('Deliveries over the axis').waitFor();
  assert.equal(await finance.getByTestId('delivery-state').innerText(), 'Registered');
  assert.match(await finance.innerText(), /at 02\/12\/2026 08:00/);
  assert.match(await page.getByTestId('axis-send').innerText(), /Send over the interconnection axis/);
  await deliveries().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-send-registered-en.png') });
  await page.getByTestId('lang-switch').click();
  await deliveries().getByText('Theo dõi gửi qua trục').waitFor();
});

test('a recipient silent for a day is flagged', async () => {
  // A day and an hour later.
  writeFileSync(join(dir, 'clock'), '2026-12-03T02:00:00Z');
  // The clerk's session of yesterday has ended: she logs in again.
  page = await deskOf(browser, server.url, 'vt1', DEMO_PASSWORD, page);
  await page.goto(`${server.url}#/outgoing/${docs.sent.row.id}`);
  await row(JUSTICE).getByTestId('delivery-silent').waitFor();
  assert.equal(await row(JUSTICE).getByTestId('delivery-silent').innerText(), 'chưa phản hồi');
  assert.equal(await row(FINANCE).getByTestId('delivery-silent').count(), 0, 'the Sở Tài chính answered');
  await deliveries().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-send-silent.png') });
});

test('a secret document is sent on paper', async (t) => {
  if (!docs.secret) return t.skip('the demo has no issued secret document the clerk may see');
  await page.goto(`${server.url}#/outgoing/${docs.secret.id}`);
  const notice = page.getByTestId('axis-send-secret');
  await notice.waitFor();
  assert.match(await notice.innerText(), /Văn bản mật không gửi qua trục liên thông \(Quyết định 28\/2018\/QĐ-TTg\): gửi bản giấy/);
  assert.equal(await page.getByTestId('axis-send').count(), 0);
  await notice.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-send-secret.png') });
});
