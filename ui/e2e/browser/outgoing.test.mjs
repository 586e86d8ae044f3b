// An outgoing công văn from draft to issued PDF through every role, on the demo office:
// the specialist drafts it in the structured editor; the head returns it with a comment;
// the specialist edits and the versions are compared; head, deputy chief and chief of
// office pass it on; the vice chairman signs; the clerk numbers, issues and sends it.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { dataDir, serve, DEMO_PASSWORD, RESULTS } from '../harness.mjs';
import { deskOf, launch } from './browser.mjs';

let server, browser, page, documentUrl;

before(async () => {
  server = await serve(dataDir({ demo: true }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function as(username) {
  page = await deskOf(browser, server.url, username, DEMO_PASSWORD, page, { width: 1366, height: 900 });
}

/** Open the first document waiting for this person from the outgoing area. */
async function openWaiting() {
  await page.getByTestId('nav-outgoing').click();
  await page.locator('[data-testid=outgoing-rows] tbody a').first().click();
  await page.getByTestId('outgoing-detail').waitFor();
}

const status = () => page.getByTestId('outgoing-status').innerText();

test('the specialist drafts a công văn in the editor and previews the page', async () => {
  await as('cv.kt1');
  await page.getByTestId('nav-outgoing').click();
  await page.getByTestId('new-type').selectOption('CV');
  await page.getByTestId('outgoing-new').click();
  const editor = page.getByTestId('outgoing-editor');
  await editor.locator('textarea[name=summary]').fill('triển khai thu ngân sách những tháng cuối năm 2026');
  await editor.locator('textarea[name=addressees]').fill('Sở Tài chính\nThuế tỉnh');
  const blocks = editor.locator('textarea[name=block]');
  await blocks.nth(0).fill('Thực hiện chỉ đạo của Chủ tịch UBND tỉnh, UBND tỉnh yêu cầu **Sở Tài chính** chủ trì, phối hợp với các đơn vị liên quan thực hiện các nội dung sau:');
  await editor.getByTitle('Thêm điểm có số').first().click();
  await blocks.nth(1).fill('Rà soát nguồn thu, đôn đốc thu nộp ngân sách, phấn đấu vượt dự toán 10%.');
  await editor.getByTitle('Thêm gạch đầu dòng').nth(1).click();
  await blocks.nth(2).fill('Báo cáo kết quả về UBND tỉnh _trước ngày 15 tháng 12 năm 2026_.');
  await editor.locator('input[name=freeRecipient]').fill('Chủ tịch, các PCT UBND tỉnh');
  await editor.getByRole('button', { name: 'Thêm', exact: true }).nth(1).click();
  assert.match(await page.getByTestId('recipients').innerText(), /Chủ tịch, các PCT UBND tỉnh[\s\S]*Lưu: VT, KT/, 'the file copy line stays last');
  await page.screenshot({ path: join(RESULTS, 'browser-outgoing-editor.png'), fullPage: true });

  await page.getByTestId('preview').click();
  await page.locator('dialog [data-testid=pdf-view] canvas').waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-outgoing-preview.png') });
  await page.locator('dialog').getByRole('button', { name: 'Đóng' }).click();
  await page.getByTestId('save-draft').click();
  await page.getByTestId('outgoing-detail').waitFor();
  documentUrl = page.url();
  assert.equal(await status(), 'Dự thảo');

  await page.getByTestId('submit').click();
  await page.getByTestId('outgoing-status').getByText('Đang trình duyệt').waitFor();
  assert.match(await page.getByTestId('holder').innerText(), /\S/);
});

test('the head of department returns it with a comment', async () => {
  await as('tp.kt');
  assert.equal(await page.getByTestId('outgoing-count').innerText(), '1', 'the sidebar counts what waits');
  await openWaiting();
  await page.locator('textarea[name=comment]').fill('Bổ sung thời hạn báo cáo cụ thể cho Thuế tỉnh.');
  await page.getByTestId('give-back').click();
  await page.getByTestId('outgoing-status').getByText('Bị trả lại').waitFor();
});

test('the specialist edits, compares the versions and submits again', async () => {
  await as('cv.kt1');
  await page.goto(documentUrl);
  assert.match(await page.getByTestId('timeline').innerText(), /Bổ sung thời hạn báo cáo/);
  await page.getByTestId('edit').click();
  const blocks = page.locator('textarea[name=block]');
  await blocks.nth(2).fill('Sở Tài chính, Thuế tỉnh báo cáo kết quả về UBND tỉnh _trước ngày 10 tháng 12 năm 2026_.');
  await page.getByTestId('save-draft').click();
  await page.getByTestId('outgoing-detail').waitFor();
  await page.getByTestId('compare').click();
  const diff = page.getByTestId('diff');
  await diff.locator('ins').first().waitFor();
  assert.match(await diff.locator('ins').allInnerTexts().then((t) => t.join(' ')), /10/);
  assert.match(await diff.locator('del').allInnerTexts().then((t) => t.join(' ')), /15/);
  await page.screenshot({ path: join(RESULTS, 'browser-outgoing-diff.png'), fullPage: true });
  await page.getByTestId('submit').click();
  await page.getByTestId('outgoing-status').getByText('Đang trình duyệt').waitFor();
});

test('head, deputy chief and chief of office pass it on; the chief chooses the signer', async () => {
  for (const who of ['tp.kt', 'pcvp2']) {
    await as(who);
    await openWaiting();
    await page.locator('textarea[name=comment]').fill(who === 'pcvp2' ? 'Đã thẩm tra.' : 'Đồng ý.');
    await page.getByTestId('approve').click();
    await page.locator('[data-testid=timeline] li[data-kind=approved]').nth(who === 'pcvp2' ? 1 : 0).waitFor();
  }
  await as('cvp');
  await openWaiting();
  await page.getByTestId('next-person').selectOption({ label: 'Lê Thị Thu Hà — Phó Chủ tịch Thường trực UBND tỉnh' });
  await page.getByTestId('approve').click();
  await page.getByTestId('holder').getByText('Lê Thị Thu Hà').waitFor();
});

test('the vice chairman signs it', async () => {
  await as('pct1');
  await openWaiting();
  assert.equal(await page.getByTestId('approve').innerText(), 'Ký ban hành');
  await page.getByTestId('approve').click();
  // Signing cannot be undone: it asks first, and Esc or "Hủy" changes nothing.
  const ask = page.getByTestId('confirm');
  assert.match(await ask.innerText(), /Ký văn bản “triển khai thu ngân sách/);
  await page.keyboard.press('Escape');
  await ask.waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('outgoing-status').innerText(), 'Đang trình duyệt');
  await page.getByTestId('approve').click();
  await page.getByTestId('confirm-yes').click();
  await page.getByTestId('outgoing-status').getByText('Đã ký, chờ phát hành').waitFor();
});

test('the clerk numbers, issues and sends it; the page carries number, date and signature', async () => {
  await as('vt1');
  await openWaiting();
  await page.getByTestId('issue').click();
  // The confirmation names the number the issue will take.
  const ask = page.getByTestId('confirm');
  await ask.waitFor();
  assert.match(await ask.innerText(), /cấp số 01\/UBND-KT/);
  assert.equal(await page.getByTestId('confirm-yes').innerText(), 'Cấp số 01/UBND-KT và phát hành');
  await page.screenshot({ path: join(RESULTS, 'browser-outgoing-confirm-issue.png') });
  await page.getByTestId('confirm-yes').click();
  await page.getByTestId('outgoing-status').getByText('Đã phát hành').waitFor();
  const heading = await page.getByRole('heading', { level: 1 }).innerText();
  assert.match(heading, /^01\/UBND-KT/);
  const reloaded = page.waitForResponse((r) => r.url().endsWith('/api/outgoing_pdf'));
  await page.getByTestId('dispatch').click();
  await page.getByTestId('dispatches').getByText('Sở Tài chính').waitFor();
  await reloaded;
  // The viewer says it has drawn only once the page holds no newer file on its way.
  await page.locator('[data-testid=pdf-view][data-rendered]').waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-outgoing-issued.png'), fullPage: true });

  const kinds = await page.locator('[data-testid=timeline] li').evaluateAll((items) => items.map((li) => li.dataset.kind));
  assert.deepEqual(kinds, ['created', 'submitted', 'returned', 'edited', 'submitted', 'approved', 'approved', 'approved', 'signed', 'issued', 'dispatched']);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pdf').click()]);
  assert.equal(download.suggestedFilename(), '01-UBND-KT.pdf');
  const text = (await readFile(await download.path())).subarray(0, 5).toString('latin1');
  assert.equal(text, '%PDF-');

  await page.getByTestId('nav-outgoing').click();
  await page.getByRole('tab', { name: 'Tất cả văn bản' }).click();
  await page.locator('input[name=search]').fill('thu ngan sach');
  await page.locator('[data-testid=outgoing-rows] tbody tr[data-status=issued]').first().waitFor();
  await page.getByTestId('print-outgoing-register').click();
  await page.getByTestId('print-outgoing-register-pdf').click();
  await page.locator('dialog [data-testid=pdf-view] canvas').first().waitFor();
  assert.match(await page.locator('dialog h2').innerText(), /^so-van-ban-di-\d{8}-\d{8}\.pdf$/);
});
