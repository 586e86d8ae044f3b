// Documents from the national interconnection axis, on the demo office with a fixed clock:
// the administrator sets the Office's own code (a wrong one is refused next to the field)
// and the directory knows the Sở Tài chính by its code; the clerk receives an edXML file
// through the page's button, reads every field, opens its PDF, registers it with one click
// and lands on the incoming document; a second message is refused with a reason; the
// list's states say what became of each, and the sender's answers wait for the gateway.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { callApi, dataDir, serve, DEMO_PASSWORD, RESULTS, ROOT } from '../harness.mjs';
import { deskOf, launch } from './browser.mjs';

const SAMPLES = join(ROOT, 'tests/data/edxml');
let server, browser, page, waiting;

before(async () => {
  const dir = dataDir({ demo: true, documentsPerDay: 0, clock: '2026-12-02T01:00:00Z' });
  server = await serve(dir, { clockFile: join(dir, 'clock') });
  browser = await launch();
  // The sender of the sample is the Sở Tài chính, known by its code once the directory has it.
  const admin = (await callApi(server.url, 'session_login', { username: 'admin', password: DEMO_PASSWORD })).token;
  const found = await callApi(server.url, 'agency_list', { search: 'Sở Tài chính', group: null, includeInactive: false, offset: 0, limit: 25 }, admin);
  const agency = found.items.find((a) => a.name === 'Sở Tài chính');
  assert.ok(agency, 'the demo directory has the Sở Tài chính');
  // The demo gives the code to another department: it is taken back first (a code is one agency's).
  const holders = await callApi(server.url, 'agency_list', { search: '000.00.12.H41', group: null, includeInactive: true, offset: 0, limit: 25 }, admin);
  for (const other of holders.items.filter((a) => a.code === '000.00.12.H41' && a.id !== agency.id)) {
    await callApi(server.url, 'agency_update', {
      id: other.id, input: { code: null, name: other.name, abbreviation: other.abbreviation, group: other.group }, active: other.active,
    }, admin);
  }
  await callApi(server.url, 'agency_update', {
    id: agency.id, input: { code: '000.00.12.H41', name: agency.name, abbreviation: agency.abbreviation, group: agency.group }, active: true,
  }, admin);
});

after(async () => {
  await page?.context().close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

/** How many documents wait on the axis, as the core counts them. */
async function waitingOnAxis() {
  const token = await page.evaluate(() => sessionStorage.getItem('vanphong.token'));
  return (await callApi(server.url, 'exchange_list', { state: 'waiting', offset: 0, limit: 1 }, token)).waiting;
}

/** The `data-state` of each signature line `lines` holds. */
const signatureStates = (lines) => lines.evaluateAll((all) => all.map((l) => l.dataset.state));

/** Pick `file` (a sample's name, or a file's name and bytes) with the page's "Nhận tệp
 * edXML" button, as a clerk would. */
async function receive(file) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('axis-receive').click()]);
  await chooser.setFiles(typeof file === 'string' ? join(SAMPLES, file) : file);
  await page.getByTestId('axis-message').waitFor();
}

test('the administrator sets the Office\'s own code, a wrong one refused next to the field', async () => {
  page = await deskOf(browser, server.url, 'admin', DEMO_PASSWORD);
  await page.goto(`${server.url}#/admin/agencies`);
  const office = page.getByTestId('office-code');
  const input = office.locator('input[name=officeCode]');
  // The form fills in the code it read; typed before that, the typing is overwritten
  // (a loaded machine showed it: the valid code was saved and no error came).
  await page.waitForFunction(() => document.querySelector('[data-testid=office-code] input[name=officeCode]')?.value !== '');
  await input.fill('H41');
  await office.getByRole('button', { name: 'Lưu' }).click();
  await office.locator('span.error').waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-office-code-error.png') });
  await input.fill('000.00.00.H41');
  await office.getByRole('button', { name: 'Lưu' }).click();
  await office.getByText('Đã lưu.').waitFor();
  assert.equal(await office.locator('span.error').count(), 0, 'the error goes with a good code');
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-office-code.png') });
  // Kept: read again when the page is opened again.
  await page.reload();
  await page.waitForFunction(() => document.querySelector('input[name=officeCode]')?.value === '000.00.00.H41');
});

test('the clerk receives an edXML file, reads it and opens its PDF', async () => {
  page = await deskOf(browser, server.url, 'vt1', DEMO_PASSWORD, page);
  await page.getByTestId('nav-incoming').click();
  // The tab counts what waits on the axis (the demo office has some).
  waiting = await waitingOnAxis();
  if (waiting > 0) assert.equal(await page.getByTestId('axis-waiting').innerText(), String(waiting));
  await page.getByTestId('tab-axis').click();
  const inbox = page.getByTestId('axis-inbox');
  await inbox.waitFor();
  await inbox.locator('tr[data-state=waiting], [data-testid=axis-empty]').first().waitFor();
  assert.equal(await inbox.locator('tr[data-state=waiting]').count(), waiting);
  assert.equal(await page.getByTestId('office-code-missing').count(), 0, 'the Office has its code');
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-list-waiting.png'), fullPage: true });

  // A document the demo's departments sent, signed by its signer and sealed by the
  // department with keys of an authority the Office trusts: checked as it arrived.
  const demo = inbox.locator('tr[data-symbol="1460/SXD-QLXD"]');
  if (await demo.count()) {
    await demo.getByRole('link').first().click();
    const checks = page.getByTestId('axis-files').getByTestId('signature-check');
    await checks.first().waitFor();
    assert.deepEqual(await signatureStates(checks), ['valid', 'valid']);
    assert.match(await checks.nth(0).innerText(), /Chữ ký số hợp lệ: Nguyễn Hữu Phước — Sở Xây dựng, ký lúc 06:00 02\/12\/2026\s*\(Ký ban hành\)/);
    assert.match(await checks.nth(1).innerText(), /Chữ ký số hợp lệ: Sở Xây dựng, ký lúc 06:00 02\/12\/2026\s*\(Văn thư ký số\)/);
    // The demo's authority's revocation list is in the Office's trust folder: checked against it.
    assert.match(await page.getByTestId('signature-revocation').innerText(), /Đã đối chiếu danh sách thu hồi chứng thư của tổ chức chứng thực \(ngày 02\/12\/2026\)/);
    await page.getByTestId('signature-checks').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, 'browser-exchange-signatures.png') });
    // …with its PDF drawn inline.
    await page.getByTestId('axis-files').getByTestId('axis-file-view').click();
    await page.locator('[data-testid=pdf-view][data-rendered] canvas').first().waitFor();
    await page.screenshot({ path: join(RESULTS, 'browser-exchange-demo-pdf.png'), fullPage: true });
    await page.getByTestId('back-to-axis').click();
    await inbox.waitFor();
  }
  // The last one waiting was signed with keys of an authority the Office does not trust:
  // intact, but said so.
  const stranger = inbox.locator('tr[data-symbol="902/SNNMT-TL"]');
  if (await stranger.count()) {
    await stranger.getByRole('link').first().click();
    const checks = page.getByTestId('axis-files').getByTestId('signature-check');
    await checks.first().waitFor();
    assert.deepEqual(await signatureStates(checks), ['untrusted', 'untrusted']);
    assert.match(await checks.nth(0).innerText(), /Chữ ký còn nguyên vẹn nhưng chứng thư số không do tổ chức chứng thực mà Văn phòng tin cậy cấp \(.+\)[\s\S]*Người ký: Hồ Sỹ Dũng — Sở Nông nghiệp và Môi trường/);
    await page.getByTestId('signature-checks').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, 'browser-exchange-signatures-untrusted.png') });
    await page.getByTestId('back-to-axis').click();
    await inbox.waitFor();
  }

  await receive('new-document.edxml');
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Văn bản điện tử 1234\/STC-QLNS/);
  assert.equal(await page.getByTestId('axis-state').innerText(), 'Chờ xử lý');
  const fields = await page.getByTestId('axis-fields').innerText();
  for (const expected of [
    /Sở Tài chính tỉnh Nghệ An 000\.00\.12\.H41/, /Có trong danh bạ/, /vào sổ với tên: Sở Tài chính/,
    /Nghệ An, ngày 18\/11\/2026/, /Công văn/, /Về việc đề nghị bổ sung dự toán ngân sách năm 2026 cho các huyện miền núi/,
    /KT\. GIÁM ĐỐC — PHÓ GIÁM ĐỐC — Trần Văn Lâm/, /27\/11\/2026/, /Khẩn/, /Số trang\s+3/,
    /Văn phòng UBND tỉnh Nghệ An \(000\.00\.00\.H41\)/, /Lưu: VT, QLNS\./, /000\.00\.12\.H41,2026\/11\/18,1234\/STC-QLNS/,
  ]) assert.match(fields, expected);
  // The message arrived: the sender is told so once the gateway takes it.
  assert.match(await page.getByTestId('axis-answers').innerText(), /01 · Đã đến\s+đang chờ chuyển/);

  const files = page.getByTestId('axis-files');
  assert.match(await files.innerText(), /1234-STC-QLNS\.pdf[\s\S]*phu-luc\.txt/);
  // Its PDF carries no signature (and the text file has nothing to check).
  assert.equal(await files.getByTestId('signature-none').innerText(), 'Tệp PDF này không có chữ ký số');
  assert.equal(await files.getByTestId('signature-checks').count(), 1);
  await files.getByTestId('axis-file-view').click();
  await page.getByTestId('pdf-view').waitFor();
  // A download of the carried file is the PDF itself.
  const [download] = await Promise.all([page.waitForEvent('download'), files.locator('li').first().getByRole('button', { name: 'Tải về' }).click()]);
  assert.equal(download.suggestedFilename(), '1234-STC-QLNS.pdf');
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-message.png'), fullPage: true });
});

test('the clerk registers it in one step and lands on the incoming document', async () => {
  const form = page.getByTestId('axis-register');
  const register = form.locator('select[name=registerId]');
  await register.selectOption({ index: 0 });
  await form.locator('select[name=presentToId]').selectOption({ label: 'Lê Văn Hùng — Phó Chánh Văn phòng' });
  const messageHash = new URL(page.url()).hash;
  await form.getByTestId('axis-register-submit').click();

  await page.getByTestId('incoming-detail').waitFor();
  assert.match(page.url(), /#\/incoming\/\d+$/);
  // The page is there before the document is read: wait for what it says.
  await page.getByTestId('incoming-status').waitFor();
  const detail = await page.getByTestId('incoming-detail').innerText();
  assert.match(detail, /1234\/STC-QLNS/);
  assert.match(detail, /Sở Tài chính/);
  assert.match(detail, /Về việc đề nghị bổ sung dự toán ngân sách năm 2026/);
  assert.equal(await page.getByTestId('incoming-status').innerText(), 'Chờ chỉ đạo', 'presented to the deputy chief');
  // Its PDF's signatures are checked again when asked: it has none; the text file is not asked.
  assert.equal(await page.getByTestId('check-signatures').count(), 1);
  await page.getByTestId('check-signatures').click();
  await page.getByTestId('signature-none').getByText('Tệp PDF này không có chữ ký số').waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-registered.png'), fullPage: true });
  const incomingUrl = page.url();
  // The page leads back to the message it came in.
  const back = page.getByTestId('from-axis');
  assert.equal(await back.innerText(), 'gói tin nhận qua trục liên thông');
  assert.equal(await back.getAttribute('href'), messageHash);

  // The message now says where it went, and what the sender is told.
  await page.goBack();
  await page.getByTestId('axis-registered').waitFor();
  assert.equal(await page.getByTestId('axis-state').innerText(), 'Đã vào sổ');
  await page.getByTestId('axis-registered').getByRole('link', { name: 'Mở văn bản đến' }).waitFor();
  assert.equal(new URL(await page.getByTestId('axis-registered').getByRole('link').evaluate((a) => a.href)).hash, new URL(incomingUrl).hash);
  assert.match(await page.getByTestId('axis-answers').innerText(), /01 · Đã đến[\s\S]*03 · Đã tiếp nhận, vào sổ/);
  assert.equal(await page.getByTestId('axis-register').count(), 0, 'nothing left to register');
});

test('the clerk refuses another message, with a reason', async () => {
  await page.getByTestId('back-to-axis').click();
  await page.getByTestId('axis-inbox').waitFor();
  await receive('new-bare.edxml');
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /57\/QĐ-UBND/);
  assert.match(await page.getByTestId('axis-fields').innerText(), /Chưa có trong danh bạ/);
  const refuse = page.getByTestId('axis-refuse');
  await refuse.locator('textarea[name=reason]').fill('Văn bản không thuộc thẩm quyền giải quyết của UBND tỉnh.');
  await refuse.getByTestId('axis-refuse-submit').click();
  const dialog = page.locator('dialog[open]');
  assert.match(await dialog.innerText(), /Từ chối văn bản 57\/QĐ-UBND của UBND xã Diễn Châu\?/);
  await dialog.getByTestId('confirm-yes').click();
  await page.getByTestId('axis-refused').getByText('Đã từ chối tiếp nhận. Lý do: Văn bản không thuộc thẩm quyền giải quyết của UBND tỉnh.').waitFor();
  assert.equal(await page.getByTestId('axis-state').innerText(), 'Đã từ chối');
  assert.match(await page.getByTestId('axis-answers').innerText(), /02 · Từ chối tiếp nhận/);
});

test('the list says what became of each message', async () => {
  await page.getByTestId('back-to-axis').click();
  const inbox = page.getByTestId('axis-inbox');
  await inbox.waitFor();
  // Both were dealt with: what waits is what waited before.
  assert.equal(await waitingOnAxis(), waiting);
  await inbox.locator('select[name=state]').selectOption('all');
  await inbox.locator('tr[data-symbol="57/QĐ-UBND"]').waitFor();
  const states = await inbox.locator('tr[data-state]').evaluateAll((rows) => rows.map((r) => [r.dataset.symbol, r.dataset.state]));
  assert.deepEqual(states.slice(0, 2), [['57/QĐ-UBND', 'refused'], ['1234/STC-QLNS', 'registered']], 'newest first');
  const refused = await inbox.locator('tr[data-state=refused]').innerText();
  assert.match(refused, /UBND xã Diễn Châu/);
  assert.match(refused, /Lý do từ chối: Văn bản không thuộc thẩm quyền/);
  assert.match(await inbox.locator('tr[data-symbol="1234/STC-QLNS"]').innerText(), /Mới[\s\S]*Đã vào sổ/);
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-list.png'), fullPage: true });
  await inbox.locator('select[name=state]').selectOption('registered');
  await inbox.locator('tr[data-state]').first().waitFor();
  assert.deepEqual(await inbox.locator('tr[data-state]').evaluateAll((rows) => rows.map((r) => r.dataset.state)), ['registered']);
  await inbox.locator('select[name=state]').selectOption('unreadable');
  await inbox.getByTestId('axis-empty').getByText('Không có gói tin nào.').waitFor();
});

test('a waiting message is counted on the incoming page\'s tab', async () => {
  const token = await page.evaluate(() => sessionStorage.getItem('vanphong.token'));
  const upload = await fetch(`${server.url}api/upload`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', 'X-File-Name': 'recall.edxml', Authorization: `Bearer ${token}` },
    body: await (await import('node:fs/promises')).readFile(join(SAMPLES, 'recall.edxml')),
  });
  assert.ok(upload.ok, `upload: HTTP ${upload.status}`);
  const { uploadId } = await upload.json();
  const row = await callApi(server.url, 'exchange_receive', { fileName: 'recall.edxml', uploadId }, token);
  await page.getByTestId('nav-incoming').click();
  await page.getByTestId('axis-waiting').getByText(String(waiting + 1), { exact: true }).waitFor();
  // The sidebar counts it beside the inbox, so a clerk sees it from every page.
  await page.getByTestId('axis-count').getByText(String(waiting + 1), { exact: true }).waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-tab.png') });
  // The clerk's dashboard says so too, and leads there.
  await page.goto(`${server.url}#/`);
  const axis = page.getByTestId('work-incoming').getByTestId('work-detail').filter({ hasText: 'văn bản điện tử chờ vào sổ' });
  await axis.getByText(`${waiting + 1} văn bản điện tử chờ vào sổ`).waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-dashboard.png') });
  await axis.click();
  await page.getByTestId('axis-inbox').waitFor();
    // A recall of the document registered from the first message (the same DocumentId)
  // is explained; it is accepted or refused, not registered.
  await page.goto(`${server.url}#/incoming/axis/${row.id}`);
  await page.getByTestId('axis-business').getByText('đề nghị thu hồi', { exact: false }).waitFor();
  assert.equal(await page.getByTestId('axis-register').count(), 0);
  assert.equal(await page.getByTestId('axis-refuse').count(), 1);
  assert.match(await page.getByTestId('axis-registered-before').innerText(), /đã được vào sổ từ một gói tin trước/);
  assert.match(await page.getByTestId('axis-fields').innerText(), /Lý do \(nơi gửi ghi\)\s+Thu hồi do sai số liệu phụ lục/);
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-recall.png'), fullPage: true });
  // Accepted: the registration is cancelled, its number kept, and the trail says why.
  await page.getByTestId('axis-accept').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Chấp nhận' }).click();
  await page.getByTestId('incoming-detail').waitFor();
  await page.getByText('thu hồi văn bản qua trục liên thông', { exact: false }).first().waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-recalled.png'), fullPage: true });
});

test('a file that cannot be read and a status report are shown for what they are, in both languages', async () => {
  await page.goto(`${server.url}#/incoming/axis`);
  await page.getByTestId('axis-inbox').waitFor();
  await receive({ name: 'hong.edxml', mimeType: 'application/xml', buffer: Buffer.from('<edXML><edXMLEnvelope>') });
  const unreadable = page.getByTestId('axis-unreadable');
  assert.match(await unreadable.innerText(), /Không đọc được gói tin này/);
  assert.equal(await page.getByTestId('axis-state').innerText(), 'Không đọc được');
  assert.equal(await page.getByTestId('axis-refuse').count(), 0, 'nothing to decide');
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-unreadable.png'), fullPage: true });

  await page.getByTestId('back-to-axis').click();
  await page.getByTestId('axis-inbox').waitFor();
  await receive('status-registered.edxml');
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Báo trạng thái về văn bản 245\/UBND-KT/);
  assert.match(await page.getByTestId('axis-fields').innerText(), /03 · Đã tiếp nhận, vào sổ/);
  assert.equal(await page.getByTestId('axis-state').innerText(), 'Đã ghi nhận');

  await page.getByTestId('lang-switch').click();
  await page.getByRole('heading', { level: 1 }).getByText('Status report about 245/UBND-KT').waitFor();
  assert.match(await page.getByTestId('axis-fields').innerText(), /03 · Registered/);
  await page.getByTestId('back-to-axis').click();
  const inbox = page.getByTestId('axis-inbox');
  await inbox.locator('select[name=state]').selectOption('all');
  await inbox.locator('tr[data-state=recorded]').waitFor();
  assert.match(await inbox.locator('tr[data-state=recorded]').innerText(), /Status 03[\s\S]*Recorded/);
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-list-en.png'), fullPage: true });
  await page.getByTestId('lang-switch').click();
});

test('a signed document registered from the axis has its signatures checked again on its page', async () => {
  await page.goto(`${server.url}#/incoming/axis`);
  const inbox = page.getByTestId('axis-inbox');
  await inbox.locator('tr[data-symbol="2815/STC-QLNS"]').getByRole('link').first().click();
  const onArrival = page.getByTestId('axis-files').getByTestId('signature-check');
  await onArrival.first().waitFor();
  assert.deepEqual(await signatureStates(onArrival), ['valid', 'valid']);
  await page.getByTestId('axis-register').getByTestId('axis-register-submit').click();
  await page.getByTestId('incoming-detail').waitFor();

  const button = page.getByTestId('check-signatures');
  assert.equal(await button.innerText(), 'Kiểm tra chữ ký số');
  await button.click();
  const checks = page.getByTestId('incoming-detail').getByTestId('signature-check');
  await checks.first().waitFor();
  assert.deepEqual(await signatureStates(checks), ['valid', 'valid']);
  assert.match(await checks.nth(0).innerText(), /Chữ ký số hợp lệ: Trần Quốc Bảo — Sở Tài chính, ký lúc 06:00 02\/12\/2026/);
  assert.equal(await button.innerText(), 'Ẩn kết quả kiểm tra chữ ký');
  await page.getByTestId('signature-checks').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-incoming-signatures.png') });

  // In English too; the same button hides the result.
  await page.getByTestId('lang-switch').click();
  await checks.first().getByText('Valid digital signature: Trần Quốc Bảo — Sở Tài chính, signed at 06:00 02/12/2026').waitFor();
  assert.match(await page.getByTestId('signature-checks').innerText(), /Checked against the certificate authority’s revocation list \(of 02\/12\/2026\)/);
  await page.screenshot({ path: join(RESULTS, 'browser-exchange-incoming-signatures-en.png') });
  await button.click();
  assert.equal(await page.getByTestId('signature-checks').count(), 0);
  assert.equal(await button.innerText(), 'Check digital signatures');
  await page.getByTestId('lang-switch').click();
});
