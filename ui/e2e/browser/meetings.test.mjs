// The meeting room, live, with several people at their own screens on a fixed clock:
// the secretary prepares a session (an item goes on the agenda once its submission is in,
// or with the chief's reason); the chair opens it and drives it; two members follow it
// in their own browsers, ask to speak and vote; the room's projector follows the
// console; a secret ballot shows the console only how many have voted; a member's
// screen that reloads mid-vote comes back to the room as it stands, and every screen
// catches up with what happened while the office server restarted.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { callApi, dataDir, serve, DEMO_PASSWORD, RESULTS } from '../harness.mjs';
import { launch, login } from './browser.mjs';

let server, browser, meetingUrl, dir;
const contexts = [];
const screens = {};

before(async () => {
  // The demo's people, no documents; 08:00 on Wednesday 2 December 2026.
  dir = dataDir({ demo: true, documentsPerDay: 0, clock: '2026-12-02T01:00:00Z' });
  server = await serve(dir, { clockFile: join(dir, 'clock') });
  browser = await launch();
});

after(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

/** `username` at their own screen, logged in. */
async function desk(username) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(server.url);
  await login(page, username, DEMO_PASSWORD);
  await page.getByTestId('dashboard').waitFor();
  return page;
}

const pdf = (text) => Buffer.from(`%PDF-1.7\n% ${text}\n`);

test('the secretary prepares a session; an item goes on the agenda when ready, or with the reason', async () => {
  const page = (screens.secretary = await desk('cvp'));
  await page.goto(`${server.url}#/meetings`);
  await page.getByTestId('meeting-new').click();
  const form = page.getByTestId('meeting-form');
  await form.locator('input[name=title]').fill('Phiên họp UBND tỉnh thường kỳ tháng 12 năm 2026');
  assert.equal(await form.getByTestId('member-check').count(), 8, "the Committee's members are proposed");
  await page.screenshot({ path: join(RESULTS, 'browser-meeting-form.png') });
  await form.getByTestId('meeting-save').click();
  await page.getByTestId('meeting-detail').waitFor();
  meetingUrl = page.url();

  for (const title of ['Dự thảo Nghị quyết quy định giá dịch vụ sử dụng đất', 'Đề án phát triển du lịch cộng đồng']) {
    await page.getByTestId('item-new').click();
    const item = page.getByTestId('item-form');
    await item.locator('input[name=itemTitle]').fill(title);
    await item.locator('textarea[name=decisionAsked]').fill('Thông qua để trình HĐND tỉnh');
    await item.locator('input[name=filesComplete]').check();
    await item.getByTestId('item-save').click();
    await page.getByTestId('agenda-item').filter({ hasText: title }).waitFor();
  }
  const first = page.getByTestId('agenda-item').first();
  assert.equal(await first.getAttribute('data-ready'), 'false', 'no submission yet');
  await first.getByTestId('add-document').click();
  await first.getByTestId('document-form').locator('input[name=documentFile]')
    .setInputFiles({ name: 'to-trinh-gia-dat.pdf', mimeType: 'application/pdf', buffer: pdf('Tờ trình giá đất') });
  await first.getByTestId('document-save').click();
  await page.getByTestId('agenda-item').first().getByTestId('meeting-document').waitFor();
  assert.equal(await page.getByTestId('agenda-item').first().getAttribute('data-ready'), 'true');
  await page.getByTestId('agenda-item').first().getByTestId('admit').click();
  await page.locator('[data-testid=agenda-item][data-admitted=true]').first().waitFor();

  // Not ready: the chief of office puts it on only with his reason, which stays on it.
  const second = page.getByTestId('agenda-item').nth(1);
  await second.getByTestId('admit').click();
  await second.getByTestId('override-reason').fill('Chủ tịch chỉ đạo cho ý kiến ngay tại phiên họp');
  await second.getByRole('button', { name: 'Vẫn đưa vào' }).click();
  await page.locator('[data-testid=agenda-item][data-admitted=true]').nth(1).waitFor();
  await page.getByText('Chủ tịch chỉ đạo cho ý kiến ngay tại phiên họp').waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-meeting-agenda.png') });
});

test('the invitation is drafted as an outgoing document, issued, and sent: every participant is told', async () => {
  const page = screens.secretary;
  await page.goto(meetingUrl);
  await page.getByTestId('invitation-draft').click();
  await page.waitForURL(/#\/outgoing\/\d+\/edit$/);
  const id = Number(/outgoing\/(\d+)\/edit/.exec(page.url())[1]);
  // Through the ordinary flow: the chief of office submits and signs it, the clerk issues it.
  const chief = (await callApi(server.url, 'session_login', { username: 'cvp', password: DEMO_PASSWORD })).token;
  await callApi(server.url, 'outgoing_submit', { id, nextUserId: null, comment: '' }, chief);
  const signed = await callApi(server.url, 'outgoing_approve', { id, nextUserId: null, comment: '' }, chief);
  assert.equal(signed.row.status, 'signed');
  const clerk = (await callApi(server.url, 'session_login', { username: 'vt1', password: DEMO_PASSWORD })).token;
  const fresh = await callApi(server.url, 'outgoing_get', { id }, clerk);
  await callApi(server.url, 'outgoing_issue', { id, registerId: fresh.proposedRegisterId, electronic: true, copies: null }, clerk);

  await page.goto(meetingUrl);
  await page.getByTestId('invitation-link').getByText(/\/GM-/).waitFor();
  await page.getByTestId('invitation-send').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Gửi giấy mời' }).click();
  await page.getByTestId('meeting-detail').getByText('Đã gửi giấy mời').first().waitFor();

  // A member finds it in the bell, and it leads to the meeting.
  const member = (screens.khoi = await desk('tv1'));
  await member.getByTestId('bell-count').waitFor();
  await member.getByTestId('bell').click();
  const group = member.getByTestId('alert-group-meeting');
  await group.waitFor();
  await member.getByTestId('alerts').getByText('Phiên họp UBND tỉnh thường kỳ tháng 12 năm 2026').first().click();
  await member.waitForURL(meetingUrl);
  await member.getByTestId('meeting-detail').waitFor();
});

test('the chair drives the room live; members follow, speak and vote; the projector follows', async () => {
  const chair = (screens.chair = await desk('chutich'));
  const khoi = screens.khoi;
  const lan = (screens.lan = await desk('tv2'));
  const projector = (screens.projector = await browser.newContext({ viewport: { width: 1366, height: 768 } }).then((c) => {
    contexts.push(c);
    return c.newPage();
  }));
  await projector.goto(server.url);
  await login(projector, 'cvp', DEMO_PASSWORD);
  await projector.getByTestId('dashboard').waitFor();
  const id = /meetings\/(\d+)/.exec(meetingUrl)[1];
  await projector.goto(`${server.url}#/meetings/${id}/projector`);
  await projector.getByTestId('projector').waitFor();

  for (const page of [chair, khoi, lan]) {
    await page.goto(meetingUrl);
    await page.getByTestId('tab-room').click();
    await page.getByTestId('room').waitFor();
  }
  await chair.getByTestId('open-sitting').click();
  await chair.getByTestId('all-present').click();
  await chair.getByTestId('quorum').filter({ hasText: 'Có mặt 8/8' }).waitFor();
  await chair.getByTestId('go-to-item').first().click();
  // Every screen follows: the members' and the projector.
  for (const page of [khoi, lan]) {
    await page.getByTestId('current-item').filter({ hasText: 'giá dịch vụ sử dụng đất' }).waitFor();
  }
  await projector.getByTestId('projector-item').filter({ hasText: 'giá dịch vụ sử dụng đất' }).waitFor();

  // A member asks to speak; the chair gives the floor; the projector shows the speaker.
  await khoi.getByTestId('ask-floor').click();
  await chair.getByTestId('speakers').filter({ hasText: 'Đặng Văn Khôi' }).waitFor();
  await chair.getByTestId('give-floor').click();
  await projector.getByTestId('projector-speaker').filter({ hasText: 'Đặng Văn Khôi' }).waitFor();
  await projector.getByTestId('speaking-timer').waitFor();

  // An open vote: the members' buttons appear; each votes once, confirmed.
  await chair.getByTestId('poll-open').click();
  await khoi.getByTestId('vote-yes').click();
  await khoi.getByTestId('confirm-yes').click();
  await khoi.getByTestId('voted').filter({ hasText: 'Tán thành' }).waitFor();
  await lan.getByTestId('vote-no').click();
  await lan.getByTestId('confirm-yes').click();
  await lan.getByTestId('voted').waitFor();
  await chair.getByTestId('poll-live').filter({ hasText: 'Tán thành 1 · Không tán thành 1' }).waitFor();
  assert.equal(await khoi.getByTestId('poll-live').count(), 0, 'a member does not see the tally while it runs');
  await projector.getByTestId('projector-vote').filter({ hasText: 'Đã biểu quyết 2/8' }).waitFor();
  await chair.screenshot({ path: join(RESULTS, 'browser-meeting-console.png') });
  await khoi.screenshot({ path: join(RESULTS, 'browser-meeting-member.png') });

  // The others vote from their own workstations (here, straight through the server).
  for (const username of ['chutich', 'pct1', 'pct2', 'pct3', 'tv3', 'tv4']) {
    const token = (await callApi(server.url, 'session_login', { username, password: DEMO_PASSWORD })).token;
    const detail = await callApi(server.url, 'meeting_get', { id: Number(id) }, token);
    const poll = detail.polls.find((p) => p.status === 'started');
    await callApi(server.url, 'poll_vote', { pollId: poll.id, choice: 'yes' }, token);
  }
  await chair.getByTestId('poll-voted').filter({ hasText: '8/8' }).waitFor();
  await chair.getByTestId('poll-stop').click();
  await chair.getByTestId('poll-publish').click();
  const result = projector.getByTestId('projector-result');
  await result.filter({ hasText: 'Thông qua' }).waitFor();
  assert.match(await result.innerText(), /7\s*Tán thành/);
  await lan.getByTestId('poll-counts').filter({ hasText: 'Tán thành 7' }).waitFor();
  await projector.screenshot({ path: join(RESULTS, 'browser-meeting-projector.png') });
});

test('a secret ballot shows the console only how many voted; a reloaded screen finds the room as it stands', async () => {
  const { chair, khoi, lan } = screens;
  await chair.locator('input[name=question]').fill('Giới thiệu nhân sự Giám đốc Sở Du lịch');
  await chair.locator('input[name=secret]').check();
  await chair.getByTestId('poll-open').click();
  await khoi.getByTestId('vote-yes').click();
  await khoi.getByTestId('confirm-yes').click();
  await khoi.getByTestId('voted').filter({ hasText: 'phiếu kín' }).waitFor();
  await chair.getByTestId('poll-voted').filter({ hasText: '1/8' }).waitFor();
  assert.equal(await chair.getByTestId('poll-live').count(), 0, 'no live tally of a secret ballot, even for the chair');

  // A member's screen restarts mid-vote: the room, the running vote and their ballot
  // not yet cast come back from the core.
  await lan.reload();
  await lan.getByTestId('tab-room').click();
  await lan.getByTestId('current-item').filter({ hasText: 'giá dịch vụ sử dụng đất' }).waitFor();
  await lan.getByTestId('vote-abstain').click();
  await lan.getByTestId('confirm-yes').click();
  await lan.getByTestId('voted').waitFor();
  await chair.getByTestId('poll-voted').filter({ hasText: '2/8' }).waitFor();
  // Two ballots of eight would show whose choice was whose: the console says how many a
  // result needs, and stopping short of it is a choice the chair confirms, knowing the
  // vote ends with no counts at all.
  await chair.getByTestId('poll-least').filter({ hasText: 'ít nhất 6 phiếu' }).waitFor();
  await chair.getByTestId('poll-stop').click();
  const question = chair.getByTestId('confirm');
  await question.filter({ hasText: 'Mới có 2 phiếu, cần 6' }).waitFor();
  await chair.screenshot({ path: join(RESULTS, 'browser-meeting-secret-stop.png') });
  await chair.getByTestId('confirm-yes').click();
  const stopped = chair.locator('[data-testid=poll-result][data-status=finished]');
  await stopped.getByTestId('poll-outcome').filter({ hasText: 'Không đủ số phiếu (2 phiếu)' }).waitFor();
  assert.equal(await stopped.getByTestId('poll-counts').count(), 0, 'no counts, even for the chair');
  await chair.screenshot({ path: join(RESULTS, 'browser-meeting-secret.png') });
});

test('the office server restarts mid-meeting: the room is as it was, and the screens catch up', async () => {
  const { chair, lan, projector } = screens;
  const listen = new URL(server.url).host;
  // A secret vote is running when the server stops, a ballot already cast: its box was
  // only in the server's memory.
  const chairman = (await callApi(server.url, 'session_login', { username: 'chutich', password: DEMO_PASSWORD })).token;
  const meetingId = Number(/meetings\/(\d+)/.exec(meetingUrl)[1]);
  const running = await callApi(server.url, 'poll_start', { meetingId, itemId: null, question: 'Biểu quyết kín bị gián đoạn', secret: true }, chairman);
  const pct1 = (await callApi(server.url, 'session_login', { username: 'pct1', password: DEMO_PASSWORD })).token;
  await callApi(server.url, 'poll_vote', { pollId: running.polls.find((p) => p.status === 'started').id, choice: 'no' }, pct1);
  await server.stop();
  server = await serve(dir, { clockFile: join(dir, 'clock'), listen });
  // Published before the screens' streams come back: they learn of it when they reconnect.
  const token = (await callApi(server.url, 'session_login', { username: 'chutich', password: DEMO_PASSWORD })).token;
  const id = Number(/meetings\/(\d+)/.exec(meetingUrl)[1]);
  const detail = await callApi(server.url, 'meeting_get', { id }, token);
  assert.equal(detail.meeting.status, 'open', 'the sitting is still open');
  assert.equal(detail.currentItemId, detail.items[0].id, 'and at the same item');
  const secret = detail.polls.find((p) => p.secret);
  await callApi(server.url, 'poll_publish', { pollId: secret.id }, token);
  await lan.locator('[data-testid=poll-result][data-status=published]').filter({ hasText: 'Giới thiệu nhân sự' }).waitFor();
  await projector.getByTestId('projector-result').filter({ hasText: 'Giới thiệu nhân sự' }).waitFor();
  await chair.locator('[data-testid=poll-result][data-status=published]').filter({ hasText: 'Giới thiệu nhân sự' }).waitFor();
  // The vote the restart interrupted is void, to be held again; no ballot survived it.
  const interrupted = chair.locator('[data-testid=poll-result]').filter({ hasText: 'Biểu quyết kín bị gián đoạn' });
  await interrupted.getByTestId('poll-outcome').filter({ hasText: 'cần biểu quyết lại' }).waitFor();
  assert.equal(await chair.getByTestId('poll-running').count(), 0, 'nothing is running any more');
});
