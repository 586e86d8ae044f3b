// A direction from an incoming document to the alert that its deadline passed, on the
// demo office with a clock the test moves: the specialist creates the direction from the
// document's direction, reports progress, the clock passes the deadline, and the bell
// shows the alert; the statistics and the working calendar show what the core computed.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { callApi, dataDir, serve, DEMO_PASSWORD, RESULTS } from '../harness.mjs';
import { deskOf, launch } from './browser.mjs';

let server, browser, page, clockFile, incomingId, directionUrl;

/** Set the server's clock to 08:00 in Vietnam on `day` (YYYY-MM-DD). */
function setClock(day) {
  writeFileSync(clockFile, `${day}T01:00:00Z`);
}

const call = (name, request, token) => callApi(server.url, name, request, token);

before(async () => {
  const dir = dataDir({ demo: true });
  clockFile = join(dir, 'clock');
  setClock('2026-11-23');
  server = await serve(dir, { clockFile });
  browser = await launch();
  // The document and its direction come in as in the incoming flow's own test.
  const clerk = (await call('session_login', { username: 'vt1', password: DEMO_PASSWORD })).token;
  const agencies = await call('agency_list', { search: 'so tai chinh', group: null, includeInactive: false, offset: 0, limit: 1 }, clerk);
  const users = await call('user_list', { search: 'pcvp2', departmentId: null, role: null, includeDisabled: false }, clerk);
  const registers = await call('register_list', { kind: 'incoming' }, clerk);
  const doc = await call('incoming_register', {
    registerId: registers.find((r) => !r.secret).id, receivedAt: '2026-11-23T01:00:00Z', agencyId: agencies.items[0].id,
    agencyName: '', addAgencyToDirectory: null, numberSymbol: '412/STC-QLNS', documentDate: null, documentType: 'CV',
    summary: 'Về việc báo cáo tiến độ giải ngân vốn đầu tư công năm 2026', urgency: 'normal', secrecy: 'none', pageCount: 2,
    replyDeadline: null, signer: 'Nguyễn Văn A', electronic: true, attachments: [], leadDepartmentId: null,
    supervisorId: null, routingRuleId: null, presentToId: users[0].id, confirmDuplicate: false,
  }, clerk);
  incomingId = doc.id;
  const deputy = (await call('session_login', { username: 'pcvp2', password: DEMO_PASSWORD })).token;
  const departments = await call('department_list', null, deputy);
  await call('incoming_direct', {
    id: incomingId, leadDepartmentId: departments.find((d) => d.code === 'KT').id, cooperatingDepartmentIds: [],
    deadline: null, workingDays: 3, text: 'Giao Sở Tài chính báo cáo tiến độ giải ngân, Phòng Kinh tế theo dõi.',
  }, deputy);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the specialist creates a direction from the incoming document', async () => {
  page = await deskOf(browser, server.url, 'cv.kt1', DEMO_PASSWORD);
  await page.goto(`${server.url}#/incoming/${incomingId}`);
  await page.getByTestId('create-direction').click();
  const form = page.getByTestId('direction-form');
  await form.locator('textarea[name=content]').waitFor();
  await page.waitForFunction(() => document.querySelector('textarea[name=content]')?.value.includes('giải ngân'));
  assert.equal(await form.locator('textarea[name=content]').inputValue(),
    'Giao Sở Tài chính báo cáo tiến độ giải ngân, Phòng Kinh tế theo dõi.', "the leader's words, not the trail's line");
  assert.equal(await form.locator('select[name=source]').inputValue(), 'incoming');
  assert.equal(await form.locator('input[name=leadAgency]').inputValue(), 'Sở Tài chính');
  assert.equal(await form.locator('input[name=deadline]').inputValue(), '27/11/2026', 'three working days over Culture Day');
  const leader = await form.locator('select[name=leaderId] option', { hasText: 'Lê Thị Thu Hà' }).getAttribute('value');
  await form.locator('select[name=leaderId]').selectOption(leader);
  await page.screenshot({ path: join(RESULTS, 'browser-direction-form.png'), fullPage: true });
  await page.getByTestId('direction-submit').click();
  await page.getByTestId('direction-detail').waitFor();
  directionUrl = page.url();
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /NV \d+\/2026/);
  assert.equal(await page.getByTestId('direction-status').innerText(), 'Sắp đến hạn');
  assert.match(await page.getByTestId('direction-source').innerText(), /412\/STC-QLNS/);
  // And the document shows the direction it carries.
  await page.goto(`${server.url}#/incoming/${incomingId}`);
  await page.getByTestId('linked-directions').waitFor();
});

test('the specialist reports progress', async () => {
  await page.goto(directionUrl);
  const form = page.getByTestId('progress-form');
  await form.locator('textarea[name=progress]').fill('Sở Tài chính đã tổng hợp số liệu của 18 chủ đầu tư.');
  await form.locator('input[name=percent]').fill('60');
  await form.getByRole('button', { name: 'Ghi tiến độ' }).click();
  await page.getByTestId('progress-list').getByText('18 chủ đầu tư').waitFor();
  assert.match(await page.getByTestId('direction-detail').innerText(), /60%/);
});

test('the clock passes the deadline and the follower sees the alert in the bell', async () => {
  setClock('2026-12-01');
  // The session ended over the days; the specialist comes back the next morning.
  page = await deskOf(browser, server.url, 'cv.kt1', DEMO_PASSWORD, page);
  // The dashboard says what needs doing before the bell is even opened.
  await page.getByTestId('work-directions').getByText('1 quá hạn').waitFor();
  // The server's deadline scan (every second here) raises the alert after the clock's
  // jump; on a loaded 2-core machine, with the debug build, that scan has taken over 15 s.
  await page.getByTestId('bell-count').waitFor({ timeout: 40000 });
  await page.getByTestId('bell').click();
  const alert = page.getByTestId('alert').filter({ hasText: 'Quá hạn' }).filter({ hasText: 'giải ngân' });
  await alert.first().waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-direction-alert.png') });
  await alert.first().click();
  await page.getByTestId('direction-detail').waitFor();
  assert.equal(await page.getByTestId('direction-status').innerText(), 'Quá hạn');
  await page.screenshot({ path: join(RESULTS, 'browser-direction-detail.png'), fullPage: true });
});

test('the statistics show the direction overdue and drill down to it', async () => {
  await page.goto(`${server.url}#/directions/stats`);
  // The page opens on the core's month (December, by the test's clock); the direction
  // was given in November.
  await page.getByTestId('stats-summary').waitFor();
  assert.equal(await page.getByTestId('period-number').inputValue(), '12');
  await page.getByTestId('period-number').selectOption('11');
  await page.getByTestId('stats-table').waitFor();
  assert.match(await page.getByTestId('stats-summary').innerText(), /0\/1 nhiệm vụ, đạt 0%/);
  await page.screenshot({ path: join(RESULTS, 'browser-direction-stats.png'), fullPage: true });
  await page.getByTestId('stats-table').getByRole('button', { name: '1' }).click();
  await page.getByTestId('direction-row').first().waitFor();
  assert.equal(await page.getByTestId('direction-row').first().getAttribute('data-status'), 'overdue');
});

test("the agency's own account reports and asks for more time; the leader grants it", async () => {
  page = await deskOf(browser, server.url, 'stc', DEMO_PASSWORD, page);
  // The agency's account works with its directions only.
  const nav = page.getByRole('navigation', { name: 'Chức năng chính' });
  assert.equal(await nav.getByRole('link', { name: 'Văn bản đến' }).count(), 0);
  await page.getByTestId('nav-directions').click();
  const row = page.getByTestId('direction-row').filter({ hasText: 'giải ngân' });
  await row.getByRole('link').first().click();
  await page.getByTestId('direction-detail').waitFor();
  const progress = page.getByTestId('progress-form');
  await progress.locator('textarea[name=progress]').fill('Đã gửi dự thảo báo cáo; còn thiếu số liệu của 3 chủ đầu tư.');
  await progress.locator('input[name=percent]').fill('90');
  await progress.getByRole('button', { name: 'Ghi tiến độ' }).click();
  await page.getByTestId('progress-list').getByText('3 chủ đầu tư').waitFor();
  const ask = page.getByTestId('extension-form');
  // Days are typed day first on every machine; a day that does not exist is refused.
  const proposed = ask.locator('input[name=proposedDeadline]');
  await proposed.fill('31/11/2026');
  assert.equal(await proposed.getAttribute('aria-invalid'), 'true');
  assert.match(await proposed.evaluate((e) => e.validationMessage), /Ngày không hợp lệ/);
  // The month grid opens on the month typed and picks the day: a month on, the 8th.
  await proposed.fill('30/11/2026');
  await ask.getByRole('button', { name: 'Chọn ngày trên lịch' }).click();
  await ask.getByText('Tháng 11/2026').waitFor();
  await ask.getByRole('button', { name: 'Tháng sau' }).click();
  await ask.locator('[data-day="2026-12-08"]').click();
  assert.equal(await proposed.inputValue(), '08/12/2026');
  assert.equal(await proposed.getAttribute('aria-invalid'), 'false');
  await ask.locator('input[name=reason]').fill('Chờ số liệu của 3 chủ đầu tư');
  await ask.getByRole('button', { name: 'Đề nghị gia hạn' }).click();
  const request = page.getByTestId('extension').filter({ hasText: 'Chờ số liệu' });
  await request.waitFor();
  assert.equal(await request.getByRole('button', { name: 'Đồng ý gia hạn' }).count(), 0, 'the agency does not decide');

  // The leader who gave the direction grants it; the status follows the new deadline.
  page = await deskOf(browser, server.url, 'pct1', DEMO_PASSWORD, page);
  const given = page.getByTestId('work-directions-given');
  await given.getByText('1 đề nghị gia hạn chờ quyết định').waitFor();
  assert.match(await given.innerText(), /1\s+nhiệm vụ bạn chỉ đạo đang thực hiện\s+1 quá hạn/);
  await page.goto(directionUrl);
  // A day earlier than asked, in the same step.
  const granted = page.getByTestId('extension').locator('input[name=grantedDeadline]');
  assert.equal(await granted.inputValue(), '08/12/2026', 'the day asked is proposed');
  await granted.fill('07/12/2026');
  await page.getByTestId('extension').getByRole('button', { name: 'Đồng ý gia hạn' }).click();
  await page.getByTestId('deadline-history').getByText('Đồng ý gia hạn đến 07/12/2026 (đề nghị 08/12/2026)').waitFor();
  assert.equal(await page.getByTestId('direction-status').innerText(), 'Chưa đến hạn');
  assert.equal(await page.getByTestId('deadline-history').locator('li').count(), 2);
  // The leader may also move the deadline outright, with a reason kept in the history.
  const move = page.getByTestId('set-deadline-form');
  await move.locator('input[name=newDeadline]').fill('11/12/2026');
  await move.locator('input[name=deadlineReason]').fill('Chờ kết luận của Thường trực UBND tỉnh');
  await move.getByRole('button', { name: 'Đổi thời hạn' }).click();
  await page.getByTestId('deadline-history').getByText('Chờ kết luận của Thường trực').waitFor();
  assert.equal(await page.getByTestId('deadline-history').locator('li').count(), 3);
  assert.match(await page.getByTestId('direction-deadline').innerText(), /11\/12\/2026/);
  await page.screenshot({ path: join(RESULTS, 'browser-direction-extension.png'), fullPage: true });
});

test('the follower completes it with the agency\'s document as the result', async () => {
  page = await deskOf(browser, server.url, 'cv.kt1', DEMO_PASSWORD, page);
  await page.goto(directionUrl);
  // First the follower corrects it: it is urgent now, and the Department of Construction helps.
  await page.getByTestId('direction-edit').click();
  const edit = page.getByTestId('direction-form');
  await page.waitForFunction(() => document.querySelector('textarea[name=content]')?.value.includes('giải ngân'));
  assert.equal(await edit.locator('input[name=deadline]').count(), 0, 'the deadline is not edited here');
  await edit.locator('select[name=priority]').selectOption('urgent');
  await edit.locator('input[name=cooperating]').fill('Sở Xây dựng');
  await edit.getByRole('button', { name: 'Thêm', exact: true }).click();
  await edit.getByTestId('direction-submit').click();
  await page.getByTestId('direction-detail').getByText('Sở Xây dựng').waitFor();
  assert.match(await page.getByTestId('direction-detail').innerText(), /Khẩn/);
  assert.match(await page.getByTestId('direction-deadline').innerText(), /11\/12\/2026/);
  const form = page.getByTestId('complete-form');
  await form.locator('textarea[name=result]').fill('Sở Tài chính đã báo cáo đủ số liệu giải ngân.');
  await form.locator('input[name=documentSearch]').fill('412 STC');
  await form.getByRole('option', { name: /412\/STC-QLNS/ }).click();
  assert.match(await form.getByTestId('document-chosen').innerText(), /412\/STC-QLNS/);
  await form.getByTestId('complete').click();
  await page.getByTestId('direction-result').waitFor();
  assert.equal(await page.getByTestId('direction-status').innerText(), 'Hoàn thành đúng hạn');
  assert.match(await page.getByTestId('direction-result').innerText(), /01\/12\/2026 · Sở Tài chính đã báo cáo[\s\S]*412\/STC-QLNS/);
});

test('the working calendar marks the days off, and the administrator adjusts one', async () => {
  page = await deskOf(browser, server.url, 'admin', DEMO_PASSWORD, page);
  await page.getByTestId('nav-calendar').click();
  const heading = page.getByTestId('calendar-month');
  await heading.waitFor();
  // The calendar opens on the core's month (December 2026); walk back to November.
  for (let i = 0; i < 48 && (await heading.innerText()) !== 'Tháng 11/2026'; i++) {
    const [month, year] = (await heading.innerText()).replace('Tháng ', '').split('/').map(Number);
    await page.getByRole('button', { name: year * 12 + month > 2026 * 12 + 11 ? 'Tháng trước' : 'Tháng sau' }).click();
  }
  // The days off arrive from the core after the month is drawn.
  await page.locator('[data-date="2026-11-24"][data-off="true"]').waitFor();
  assert.equal(await page.locator('[data-date="2026-11-23"]').getAttribute('data-off'), 'false');
  assert.equal(await page.locator('[data-date="2026-11-24"]').getAttribute('data-off'), 'true');
  assert.match(await page.locator('[data-date="2026-11-24"]').innerText(), /Văn hóa Việt Nam/);
  await page.locator('[data-date="2026-11-28"]').click();
  await page.getByTestId('make-working').click();
  await page.locator('[data-date="2026-11-28"][data-off="false"]').waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-calendar.png'), fullPage: true });
});
