// The clerk corrects what was mistyped at registration and cancels a document registered
// twice, from the document's page: the trail keeps both, and the number stays.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { callApi, dataDir, serve, DEMO_PASSWORD, RESULTS } from '../harness.mjs';
import { deskOf, launch } from './browser.mjs';

let server, browser, id;

before(async () => {
  server = await serve(dataDir({ demo: true }));
  browser = await launch();
  const clerk = (await callApi(server.url, 'session_login', { username: 'vt1', password: DEMO_PASSWORD })).token;
  const registers = await callApi(server.url, 'register_list', { kind: 'incoming' }, clerk);
  const row = await callApi(server.url, 'incoming_register', {
    registerId: registers.find((r) => !r.secret).id, receivedAt: (await callApi(server.url, 'clock_get', null)).now,
    agencyId: null, agencyName: 'Sở Tài chính', addAgencyToDirectory: null, numberSymbol: '45/STC-NS', documentDate: null,
    documentType: 'CV', summary: 'Về việc bổ sung kinh phí', urgency: 'normal', secrecy: 'none', pageCount: 1,
    replyDeadline: null, signer: 'Nguyễn Văn A', electronic: true, attachments: [], leadDepartmentId: null,
    supervisorId: null, routingRuleId: null, presentToId: null, confirmDuplicate: true,
  }, clerk);
  id = row.id;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the clerk corrects the number and summary; the trail keeps why', async () => {
  const page = await deskOf(browser, server.url, 'vt1', DEMO_PASSWORD);
  await page.goto(`${server.url}#/incoming/${id}`);
  const form = page.getByTestId('action-correct');
  await form.locator('summary').click();
  await form.locator('input[name=numberSymbol]').fill('54/STC-NS');
  await form.locator('textarea[name=summary]').fill('Về việc bổ sung kinh phí sự nghiệp giáo dục');
  await form.locator('input[name=correctReason]').fill('Gõ nhầm số');
  await form.getByRole('button', { name: 'Lưu sửa đổi' }).click();
  await page.getByTestId('trail').getByText('Sửa thông tin vào sổ (số, ký hiệu, trích yếu). Lý do: Gõ nhầm số').waitFor();
  assert.match(await page.locator('dl.fields').innerText(), /54\/STC-NS/);

  const cancel = page.getByTestId('action-cancel');
  await cancel.locator('summary').click();
  await cancel.locator('input[name=cancelReason]').fill('Vào sổ hai lần');
  await cancel.getByRole('button', { name: 'Hủy vào sổ' }).click();
  assert.match(await page.getByTestId('confirm').innerText(), /Số đến đã cấp vẫn giữ trong sổ/);
  await page.getByTestId('confirm-yes').click();
  await page.getByTestId('cancelled').waitFor();
  await page.getByTestId('trail').getByText('Hủy vào sổ. Lý do: Vào sổ hai lần').waitFor();
  assert.equal(await page.getByTestId('action-cancel').count(), 0, 'cancelled once');
  await page.screenshot({ path: join(RESULTS, 'browser-incoming-cancelled.png'), fullPage: true });
});
