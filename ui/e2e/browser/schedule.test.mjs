// The leaders' weekly schedule in the browser, on a fixed clock (Wednesday 2 December
// 2026, 08:00): the chief of office fills the week from the form — a room booked twice
// is refused next to the room, a chairman booked twice is a warning he confirms — and
// publishes it; an adjustment is marked and published as "Điều chỉnh lần 1"; the public
// page, the calendar feed and the printed bulletin show what was published; the month
// view opens an entry from the keyboard; an uncleared specialist sees no secret entry
// and a vice chairman cannot edit.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi, dataDir, fetchFile, serve, DEMO_PASSWORD, RESULTS } from '../harness.mjs';
import { deskOf, launch } from './browser.mjs';

let server, browser, page, dir;

before(async () => {
  dir = dataDir({ demo: true, documentsPerDay: 0, clock: '2026-12-02T01:00:00Z' });
  server = await serve(dir, { clockFile: join(dir, 'clock') });
  browser = await launch();
});

after(async () => {
  await page?.context().close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

const as = async (username) => (page = await deskOf(browser, server.url, username, DEMO_PASSWORD, page));
const token = async (username) => (await callApi(server.url, 'session_login', { username, password: DEMO_PASSWORD })).token;

/** Fill the entry form that is open and save it. */
async function entry({ day = null, start, content, leader, room = null, place = null, secret = false }) {
  const form = page.getByTestId('entry-form');
  await form.waitFor();
  if (day) await form.locator('input[name=date]').fill(day);
  await form.locator('input[name=start]').fill(start);
  await form.locator('textarea[name=content]').fill(content);
  await form.locator('label', { hasText: leader }).first().getByTestId('leader-check').check();
  if (room) {
    await form.locator('input[name=where][value=room]').check();
    await form.locator('select[name=roomId]').selectOption({ label: room });
  } else {
    await form.locator('input[name=where][value=place]').check();
    await form.locator('input[name=place]').fill(place);
  }
  if (secret) await form.locator('select[name=secrecy]').selectOption('mat');
  await form.getByTestId('entry-save').click();
}

const line = (text) => page.getByTestId('schedule-line').filter({ hasText: text });

test('the chief of office fills the week; the room and the leaders are checked by the core', async () => {
  await as('cvp');
  await page.getByTestId('nav-schedule').click();
  await page.getByTestId('week-title').getByText('Tuần 49 (từ ngày 30/11/2026 đến ngày 06/12/2026)').waitFor();
  await page.getByTestId('not-published').waitFor();

  await page.getByTestId('entry-new').click();
  await entry({ start: '08:00', content: 'Làm việc với Sở Xây dựng về quy hoạch tỉnh', leader: 'Trần Minh Quang', room: 'Phòng họp số 1, trụ sở UBND tỉnh' });
  await line('Làm việc với Sở Xây dựng').waitFor();
  assert.match(await line('Làm việc với Sở Xây dựng').innerText(), /Sáng \(8h00\)/);

  // The same room at 10:00, for a vice chairman: refused next to the room, nothing lost.
  await page.getByTestId('entry-new').click();
  await entry({ start: '10:00', content: 'Họp Ban Chỉ đạo chuyển đổi số của tỉnh', leader: 'Lê Thị Thu Hà', room: 'Phòng họp số 1, trụ sở UBND tỉnh' });
  const refused = page.getByTestId('room-error');
  await refused.waitFor();
  assert.match(await refused.innerText(), /đã có lịch 8h00–11h30 ngày 02\/12\/2026: «Làm việc với Sở Xây dựng/);
  await page.screenshot({ path: join(RESULTS, 'browser-schedule-room-refused.png') });
  const form = page.getByTestId('entry-form');
  assert.equal(await form.locator('textarea[name=content]').inputValue(), 'Họp Ban Chỉ đạo chuyển đổi số của tỉnh', 'what was typed stays');
  await form.locator('select[name=roomId]').selectOption({ label: 'Phòng họp số 2, trụ sở UBND tỉnh' });
  await form.getByTestId('entry-save').click();
  await line('Ban Chỉ đạo chuyển đổi số').waitFor();

  // The chairman elsewhere at 09:00: a warning, confirmed.
  await page.getByTestId('entry-new').click();
  await entry({ start: '09:00', content: 'Tiếp Đại sứ Cộng hòa Pháp', leader: 'Trần Minh Quang', place: 'Nhà khách UBND tỉnh' });
  await page.getByText('Lãnh đạo đã có lịch khác').waitFor();
  await page.getByText(/Đồng chí Trần Minh Quang đã có lịch 8h00–11h30/).waitFor();
  await page.getByRole('button', { name: 'Vẫn giữ lịch' }).click();
  await line('Tiếp Đại sứ').waitFor();

  // The chief adds a room of the Office; a second of the same name is refused.
  const rooms = page.getByTestId('room-form');
  await rooms.locator('input[name=roomName]').fill('Phòng họp trực tuyến tầng 4');
  await rooms.getByRole('button', { name: 'Thêm phòng' }).click();
  await rooms.getByText(/Phòng họp trực tuyến tầng 4/).waitFor();
  await rooms.locator('input[name=roomName]').fill('phong hop truc tuyen tang 4');
  await rooms.getByRole('button', { name: 'Thêm phòng' }).click();
  await rooms.getByRole('alert').getByText('Đã có phòng tên này.').waitFor();

  // A secret entry, on Thursday.
  await page.getByTestId('entry-new').click();
  await entry({ day: '03/12/2026', start: '14:00', content: 'Họp bàn phương án bảo đảm an ninh dịp Tết', leader: 'Phan Văn Dũng', room: 'Hội trường UBND tỉnh', secret: true });
  await line('an ninh dịp Tết').getByText('không công bố').waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-schedule-week.png') });
});

test('publishing, then an adjustment marked and published as its revision', async () => {
  await page.getByTestId('publish').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Công bố lịch tuần' }).click();
  await page.getByTestId('revision').getByText('(Cập nhật lần cuối: 08:00 02/12/2026)').waitFor();
  assert.equal(await page.getByTestId('publish').isDisabled(), true, 'nothing to publish again');

  // The visit moves to the afternoon, one hour later by the clock.
  writeFileSync(join(dir, 'clock'), '2026-12-02T02:15:00Z');
  await line('Tiếp Đại sứ').getByTestId('entry-edit').click();
  const form = page.getByTestId('entry-form');
  await form.locator('input[name=start]').fill('15:00');
  await form.getByTestId('entry-save').click();
  await page.getByTestId('changes').getByText('1 nội dung thay đổi chưa công bố.').waitFor();
  await page.locator('[data-testid=schedule-line][data-mark=changed]').filter({ hasText: 'Tiếp Đại sứ' }).waitFor();
  await page.getByTestId('publish').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Công bố điều chỉnh lần 1' }).click();
  await page.getByTestId('revision').getByText('(Điều chỉnh lần 1) (Cập nhật lần cuối: 09:15 02/12/2026)').waitFor();
  await line('Tiếp Đại sứ').getByTestId('mark').getByText('Điều chỉnh').waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-schedule-adjusted.png') });

  // The portal's page: the adjustment, its mark, nothing secret.
  const portal = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await portal.goto(`${server.url}public/schedule?week=2026-12-02`);
  await portal.getByText('(Điều chỉnh lần 1)').waitFor();
  const text = await portal.locator('body').innerText();
  assert.match(text, /Tuần 49/);
  assert.match(text, /Tiếp Đại sứ Cộng hòa Pháp/);
  assert.doesNotMatch(text, /an ninh dịp Tết/);
  await portal.screenshot({ path: join(RESULTS, 'browser-schedule-public.png') });
  await portal.context().close();

  // The feed: the moved visit's sequence raised; the secret entry absent.
  const ics = await (await fetch(`${server.url}public/schedule.ics`)).text();
  assert.match(ics, /BEGIN:VCALENDAR/);
  assert.match(ics, /REFRESH-INTERVAL;VALUE=DURATION:PT3600S|REFRESH-INTERVAL;VALUE=DURATION:PT1H/);
  const visit = ics.split('BEGIN:VEVENT').find((e) => e.includes('Tiếp Đại sứ'));
  assert.match(visit, /SEQUENCE:1/);
  assert.match(visit, /DTSTART:20261202T080000Z/);
  assert.doesNotMatch(ics, /an ninh/);

  // The printed bulletin, looked at as an image.
  const chief = await token('cvp');
  const file = await callApi(server.url, 'schedule_bulletin_pdf', { day: '2026-12-02', revision: null, draft: false }, chief);
  const pdf = join(dir, file.fileName);
  writeFileSync(pdf, await fetchFile(server.url, file, chief));
  const printed = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  assert.match(printed, /LỊCH CÔNG TÁC TUẦN CỦA LÃNH ĐẠO/);
  assert.match(printed, /Điều chỉnh lần 1/);
  assert.match(printed, /Chiều \(15h00\)/);
  assert.doesNotMatch(printed, /an ninh/);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, join(RESULTS, 'browser-schedule-bulletin')]);
});

test('the month view opens an entry from the keyboard; the next week is empty', async () => {
  await page.getByTestId('view-month').click();
  const entryOnCalendar = page.getByTestId('calendar-entry').filter({ hasText: 'Làm việc với Sở Xây dựng' });
  await entryOnCalendar.waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-schedule-month.png') });
  await entryOnCalendar.focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('entry-form').waitFor();
  assert.equal(await page.getByTestId('entry-form').locator('textarea[name=content]').inputValue(), 'Làm việc với Sở Xây dựng về quy hoạch tỉnh');
  await page.keyboard.press('Escape');
  await page.getByTestId('view-week').click();
  await page.getByTestId('next').click();
  await page.getByTestId('week-title').getByText('Tuần 50 (từ ngày 07/12/2026 đến ngày 13/12/2026)').waitFor();
  assert.equal(await page.getByTestId('schedule-line').count(), 0);
});

test('two delegations to one commune a few days apart wait for the Office, which decides and approves', async () => {
  await page.getByTestId('tab-delegations').click();
  await page.getByTestId('delegations-page').waitFor();
  const propose = async (purpose, day, leader, rows) => {
    await page.getByTestId('delegation-new').click();
    const form = page.getByTestId('delegation-form');
    await form.locator('input[name=startsOn]').fill(day);
    await form.locator('input[name=endsOn]').fill(day);
    await form.locator('textarea[name=purpose]').fill(purpose);
    await form.locator('input[name=leaderName]').fill(leader);
    await form.locator('input[name=commune]').fill('cua lo');
    await form.getByRole('option', { name: /Cửa Lò/ }).first().click();
    await form.getByTestId('delegation-save').click();
    await page.getByTestId('delegation-row').nth(rows - 1).waitFor();
  };
  await propose('Kiểm tra trật tự xây dựng ven biển', '07/12/2026', 'Đ/c Phó Giám đốc Sở Xây dựng', 1);
  await propose('Kiểm tra công tác phòng, chống thiên tai', '10/12/2026', 'Đ/c Phó Giám đốc Sở Nông nghiệp và Môi trường', 2);
  // In order of their days: the second one is the later.
  const second = page.getByTestId('delegation-row').nth(1);
  assert.match(await second.innerText(), /^10\/12\/2026/);
  assert.match(await second.getByTestId('overlap').innerText(), /Trùng địa bàn UBND phường Cửa Lò .*cách 3 ngày làm việc/);
  await second.getByTestId('approve').click();
  const refused = page.getByTestId('delegations-error');
  await refused.waitFor();
  assert.match(await refused.innerText(), /Chưa duyệt được: trùng địa bàn/);
  await page.screenshot({ path: join(RESULTS, 'browser-delegations-overlap.png') });
  await second.getByTestId('resolve').click();
  await page.getByTestId('resolve-form').locator('textarea[name=reason]').fill('Đã thống nhất với UBND phường: hai đoàn làm việc với hai bộ phận khác nhau');
  await page.getByTestId('resolve-save').click();
  await second.getByText('Văn phòng đã xử lý').waitFor();
  await second.getByTestId('approve').click();
  await page.locator('[data-testid=delegation-row][data-status=approved]').waitFor();
  assert.match(await page.locator('[data-testid=delegation-row][data-status=approved]').innerText(), /^10\/12\/2026/);
});

test('the work programme: an item added, submitted, the month published, the quarter evaluated', async () => {
  await page.getByTestId('tab-programme').click();
  await page.getByTestId('programme-page').waitFor();
  await page.getByTestId('programme-new').click();
  const form = page.getByTestId('programme-form');
  await form.locator('textarea[name=title]').fill('Quy định mức thu phí tham quan các khu di tích');
  await form.locator('input[name=agency]').fill('so tai chinh');
  await form.getByRole('option', { name: /Sở Tài chính/ }).first().click();
  await form.getByTestId('programme-save').click();
  const row = page.getByTestId('programme-row').filter({ hasText: 'khu di tích' });
  await row.waitFor();
  assert.equal(await row.getAttribute('data-status'), 'not_started');
  await row.getByTestId('programme-submitted').click();
  await page.locator('[data-testid=programme-row][data-status=submitted]').waitFor();
  await page.getByTestId('programme-row').filter({ hasText: 'khu di tích' }).getByTestId('programme-on-agenda').click();
  await page.locator('[data-testid=programme-row][data-status=on_agenda]').waitFor();
  await page.getByTestId('programme-publish').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Công bố chương trình tháng' }).click();
  await page.getByTestId('programme-revision').getByText('Đã công bố lần 1 (02/12/2026)').waitFor();
  await page.getByTestId('evaluate').click();
  const evaluation = page.getByTestId('evaluation-table');
  await evaluation.waitFor();
  assert.match(await evaluation.getByRole('row', { name: /Sở Tài chính/ }).innerText(), /Sở Tài chính\s+1\s+1\s+0\s+0/);
  await page.screenshot({ path: join(RESULTS, 'browser-programme.png') });
});

test('an uncleared specialist sees nothing secret; a vice chairman reads without editing', async () => {
  await as('cv.th2');
  await page.goto(`${server.url}#/schedule`);
  await line('Tiếp Đại sứ').waitFor();
  assert.equal(await line('an ninh').count(), 0, 'no trace of the secret entry');
  assert.equal(await page.getByTestId('publish').count(), 0, 'a specialist does not publish');
  const specialist = await token('cv.th2');
  const seen = await callApi(server.url, 'schedule_lines_get', { from: '2026-11-30', to: '2026-12-06', leaderId: null }, specialist);
  assert.ok(seen.every((l) => !l.content.includes('an ninh')));

  await as('pct1');
  await page.goto(`${server.url}#/schedule`);
  await line('Ban Chỉ đạo chuyển đổi số').waitFor();
  assert.equal(await page.getByTestId('entry-new').count(), 0);
  assert.equal(await page.getByTestId('entry-edit').count(), 0);
});
