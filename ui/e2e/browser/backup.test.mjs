// The administrator backs up the running office server from its UI and sets the daily
// backup; the backup is then checked and restored with the command line, as the README
// says, and the restored office opens the documents.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

import { BIN, callApi, dataDir, fetchFile, serve, DEMO_PASSWORD, RESULTS, scratchDir } from '../harness.mjs';
import { deskOf, launch } from './browser.mjs';

let server, browser, page, dir;

before(async () => {
  dir = dataDir({ demo: true, documentsPerDay: 5 });
  server = await serve(dir);
  browser = await launch();
  // A document with its scanned file, registered before the backup.
  const clerk = (await callApi(server.url, 'session_login', { username: 'vt1', password: DEMO_PASSWORD })).token;
  const registers = await callApi(server.url, 'register_list', { kind: 'incoming' }, clerk);
  await callApi(server.url, 'incoming_register', {
    registerId: registers.find((r) => !r.secret).id, receivedAt: (await callApi(server.url, 'clock_get', null)).now, agencyId: null,
    agencyName: 'Sở Tài chính', addAgencyToDirectory: null, numberSymbol: '777/STC-NS', documentDate: null, documentType: 'CV',
    summary: 'Về việc phân bổ dự toán bổ sung', urgency: 'normal', secrecy: 'none', pageCount: 1, replyDeadline: null,
    signer: 'Nguyễn Văn A', electronic: true, leadDepartmentId: null, supervisorId: null, routingRuleId: null,
    presentToId: null, confirmDuplicate: true,
    attachments: [{ fileName: 'cv-777.pdf', contentBase64: Buffer.from('%PDF-1.7 cong van 777').toString('base64') }],
  }, clerk);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the administrator takes a backup from the running server and schedules one daily', async () => {
  page = await deskOf(browser, server.url, 'admin', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Sao lưu dữ liệu' }).click();
  await page.getByTestId('backups-page').waitFor();
  await page.getByText('Chưa có bản sao lưu nào.').waitFor();
  await page.getByTestId('backup-now').click();
  const row = page.getByTestId('backup-row').first();
  await row.waitFor();
  assert.ok(Number((await row.locator('td').nth(1).innerText()).trim()) > 100, 'the demo year of documents is in it');

  const schedule = page.getByTestId('backup-schedule');
  await schedule.locator('input[name=daily]').check();
  await schedule.locator('input[name=at]').fill('25:00');
  await schedule.getByText('Nhập giờ dạng 02:00').waitFor();
  await schedule.locator('input[name=at]').fill('02:30');
  await schedule.locator('input[name=keep]').fill('0');
  await schedule.getByRole('button', { name: 'Lưu' }).click();
  await schedule.getByText('Số bản sao lưu giữ lại phải từ 1 đến 365.').waitFor();
  await schedule.locator('input[name=keep]').fill('14');
  await schedule.getByRole('button', { name: 'Lưu' }).click();
  await schedule.getByText('Đã lưu lịch sao lưu.').waitFor();
  await page.reload();
  await page.getByTestId('backup-row').first().waitFor();
  assert.equal(await schedule.locator('input[name=at]').inputValue(), '02:30');
  assert.equal(await schedule.locator('input[name=keep]').inputValue(), '14');
  await page.screenshot({ path: join(RESULTS, 'browser-backups.png'), fullPage: true });
});

test('the backup checks whole and restores into an empty data directory', async () => {
  const folder = (await page.getByTestId('backup-row').first().locator('code').innerText()).trim();
  const verify = spawnSync(BIN, ['backup', '--verify', folder], { encoding: 'utf8' });
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /nguyên vẹn/);
  const restored = join(scratchDir('vanphong-restored-'), 'data');
  const restore = spawnSync(BIN, ['--data-dir', restored, 'restore', folder], { encoding: 'utf8' });
  assert.equal(restore.status, 0, restore.stdout + restore.stderr);
  // The restored office serves; the clerk finds the documents and opens their files; the
  // sessions of the office the backup was taken from are not accepted.
  const second = await serve(restored);
  try {
    const token = await page.evaluate(() => sessionStorage.getItem('vanphong.token'));
    await assert.rejects(callApi(second.url, 'session_current', null, token), /session_expired/);
    const clerk = (await callApi(second.url, 'session_login', { username: 'vt1', password: DEMO_PASSWORD })).token;
    const all = await callApi(second.url, 'incoming_list', { limit: 10 }, clerk);
    assert.ok(all.total > 100, `${all.total} documents`);
    const list = await callApi(second.url, 'incoming_list', { search: '777/STC-NS', limit: 10 }, clerk);
    let opened = 0;
    for (const row of list.items) {
      const detail = await callApi(second.url, 'incoming_get', { id: row.id }, clerk);
      for (const file of detail.attachments) {
        const content = await callApi(second.url, 'incoming_attachment_get', { attachmentId: file.id }, clerk);
        assert.ok((await fetchFile(second.url, content, clerk)).subarray(0, 5).toString() === '%PDF-');
        opened += 1;
      }
    }
    assert.ok(opened > 0, 'files open after the restore');
  } finally {
    await second.stop();
  }
});

test('the administrator sees the signing keys the server reads', async () => {
  page = await deskOf(browser, server.url, 'admin', DEMO_PASSWORD, page);
  await page.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Khóa ký số' }).click();
  await page.getByTestId('signing-page').waitFor();
  const keys = page.getByTestId('signing-key');
  await keys.first().waitFor();
  for (const file of ['seal-committee.p12', 'seal-office.p12']) {
    const row = page.locator(`tr[data-testid=signing-key][data-file="${file}"]`);
    assert.equal(await row.count(), 1, `${file} is listed`);
    assert.equal((await row.getByTestId('signing-key-state').innerText()).trim(), 'OK', `${file} has no problem`);
  }
  assert.match(await page.locator('tr[data-file="seal-committee.p12"]').innerText(), /Con dấu UBND tỉnh/);
  // The demo authority's revocation list, current, revoking nothing.
  const lists = page.getByTestId('signing-lists').locator('li');
  assert.equal(await lists.count(), 1);
  assert.match(await lists.first().innerText(), /^CA thử nghiệm Văn phòng số \(demo\): danh sách ngày \d\d\/\d\d\/\d{4}, thu hồi 0 chứng thư$/);
  assert.equal(await lists.first().getAttribute('data-stale'), 'false');
  await page.screenshot({ path: join(RESULTS, 'browser-admin-signing.png'), fullPage: true });
});
