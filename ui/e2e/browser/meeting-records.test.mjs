// Records that stay right, found as a new user would, on a fixed clock (Wednesday 2
// December 2026): the secretary edits one agenda item and then another without changing
// anything, and each keeps its own presenting agency (on screen, in the meeting and in
// the printed agenda); Enter in a person or agency picker picks the highlighted name and
// never sends the form; the secretary's notes and the items' outcomes typed during a live
// sitting survive a switch of tab, leaving the page and closing the window.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi, dataDir, fetchFile, serve, DEMO_PASSWORD, RESULTS } from '../harness.mjs';
import { deskOf, launch } from './browser.mjs';

let server, browser, page, dir, token;

before(async () => {
  dir = dataDir({ demo: true, documentsPerDay: 0, clock: '2026-12-02T01:00:00Z' });
  server = await serve(dir, { clockFile: join(dir, 'clock') });
  browser = await launch();
  token = (await callApi(server.url, 'session_login', { username: 'cvp', password: DEMO_PASSWORD })).token;
});

after(async () => {
  await page?.context().close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

const call = (name, request) => callApi(server.url, name, request, token);
const as = async (username) => (page = await deskOf(browser, server.url, username, DEMO_PASSWORD, page));
const item = (title, presenterAgencyId) => ({
  title, parentId: null, presenterAgencyId, specialistId: null, minutes: 30, decisionAsked: '', requiredAgencyIds: [], filesComplete: true,
});

/** A meeting on `day` prepared by the chief of office (its secretary), with `items`
 * [title, agency]. */
async function meeting(title, day, items) {
  const template = await call('meeting_template', { kind: 'regular', meetingId: null });
  const created = await call('meeting_create', { ...template, title, startsAt: `${day}T08:00:00`, endsAt: `${day}T11:00:00` });
  for (const [itemTitle, agency] of items) {
    await call('meeting_item_save', { meetingId: created.id, itemId: null, input: item(itemTitle, agency?.id ?? null) });
  }
  return call('meeting_get', { id: created.id });
}

const agencies = async (search) => (await call('agency_list', { search, group: null, includeInactive: false, offset: 0, limit: 12 })).items;

test('editing one agenda item and then another, changing nothing, leaves each its own presenting agency', async () => {
  const [industry, religion] = await agencies('Sở');
  assert.notEqual(industry.id, religion.id);
  const m = await meeting('Phiên họp chuyên đề về công nghiệp', '2026-12-03', [
    ['Đề án phát triển cụm công nghiệp', industry],
    ['Báo cáo công tác dân tộc, tôn giáo', religion],
  ]);
  await as('cvp');
  await page.goto(`${server.url}#/meetings/${m.meeting.id}`);
  const rows = page.getByTestId('agenda-item');
  const form = page.getByTestId('item-form');
  const presenter = form.locator('input[name=presenter]');

  // Item A opened and saved as it is, then item B: the form shows B's agency, and B keeps it.
  // (Each form is saved once its picker has looked the name shown up, as a person's
  // reading the form gives it time to.)
  const open = (row) => Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/agency_list')),
    rows.nth(row).getByRole('button', { name: 'Sửa' }).click(),
  ]);
  await open(0);
  assert.equal(await presenter.inputValue(), industry.name);
  await form.getByTestId('item-save').click();
  await form.waitFor({ state: 'detached' });
  await open(1);
  assert.equal(await presenter.inputValue(), religion.name, 'the form shows the second item’s agency');
  await form.getByTestId('item-save').click();
  await form.waitFor({ state: 'detached' });
  await rows.nth(1).getByText(religion.name).waitFor();
  // A new item after those has no presenting agency of theirs.
  await page.getByTestId('item-new').click();
  assert.equal(await presenter.inputValue(), '');
  await form.locator('input[name=itemTitle]').fill('Các vấn đề phát sinh');
  await form.getByTestId('item-save').click();
  await form.waitFor({ state: 'detached' });

  const detail = await call('meeting_get', { id: m.meeting.id });
  assert.deepEqual(
    detail.items.map((i) => [i.title, i.presenterAgencyId]),
    [
      ['Đề án phát triển cụm công nghiệp', industry.id],
      ['Báo cáo công tác dân tộc, tôn giáo', religion.id],
      ['Các vấn đề phát sinh', null],
    ],
    'each item keeps the agency it had',
  );
  // On the agenda, the printed agenda names each item's own agency.
  for (const i of detail.items) await call('meeting_item_admit', { itemId: i.id, admit: true, reason: 'Đủ hồ sơ' });
  const file = await call('meeting_agenda_pdf', { id: m.meeting.id });
  const pdf = join(dir, file.fileName);
  writeFileSync(pdf, await fetchFile(server.url, file, token));
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  assert.ok(text.includes(religion.name), `the agenda names ${religion.name}: ${text}`);
  assert.equal(text.split(industry.name).length - 1, 1, `${industry.name} presents one item only: ${text}`);
});

test('Enter in a picker picks the highlighted name and never sends the form', async () => {
  const m = await meeting('Phiên họp giao ban tháng 12', '2026-12-04', []);
  const people = await call('meeting_people_get', null);
  const template = await call('meeting_template', { kind: 'regular', meetingId: m.meeting.id });
  const taken = new Set([...template.members, ...template.invited, ...template.secretaries, ...template.specialists]);
  const guest = people.everyone.find((p) => !taken.has(p.id) && p.role === 'specialist');
  await as('cvp');

  // The meeting's form: a name typed and Enter at once, before the suggestions arrive.
  await page.goto(`${server.url}#/meetings/${m.meeting.id}/edit`);
  const form = page.getByTestId('meeting-form').locator('form');
  await form.waitFor();
  const invitee = form.locator('input[name=invitee]');
  await invitee.fill(guest.fullName);
  await invitee.press('Enter');
  await form.locator('.chips li').filter({ hasText: guest.fullName }).waitFor();
  assert.match(page.url(), /\/edit$/, 'the form was not sent');
  // Enter again in the emptied picker does not send it either.
  await invitee.press('Enter');
  assert.match(page.url(), /\/edit$/);
  assert.equal((await call('meeting_get', { id: m.meeting.id })).people.some((p) => p.userId === guest.id), false, 'nothing sent yet');
  await form.getByTestId('meeting-save').click();
  await page.getByTestId('meeting-detail').waitFor();
  const saved = await call('meeting_get', { id: m.meeting.id });
  assert.ok(saved.people.some((p) => p.userId === guest.id && p.part === 'invited'), 'the person picked with Enter is invited');

  // The agenda item's form: ↓ moves the highlight, Enter picks that one, the form stays open.
  await page.getByTestId('item-new').click();
  const itemForm = page.getByTestId('item-form');
  await itemForm.locator('input[name=itemTitle]').fill('Tờ trình về giá đất');
  const presenter = itemForm.locator('input[name=presenter]');
  // A few letters and Enter at once: many agencies answer, none is picked unseen; the
  // list opens to choose from.
  await presenter.fill('Sở');
  await presenter.press('Enter');
  const options = itemForm.getByTestId('picker-presenter').getByRole('option');
  await options.nth(1).waitFor();
  assert.equal(await presenter.inputValue(), 'Sở');
  assert.ok(await itemForm.isVisible(), 'the item was not sent');
  const second = (await options.nth(1).locator('span').first().innerText()).trim();
  await presenter.press('ArrowDown');
  await presenter.evaluate((field) => field.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(RESULTS, 'browser-picker-highlight.png') });
  await presenter.press('Enter');
  assert.equal(await presenter.inputValue(), second, 'the highlighted agency is picked');
  await presenter.press('Enter');
  assert.ok(await itemForm.isVisible(), 'Enter in the picker did not send the item');
  // A name typed in full and Enter at once: that agency, once the core answers.
  const [finance] = await agencies('Sở Tài chính');
  await presenter.fill('Sở Tài chính');
  await presenter.press('Enter');
  await page.waitForFunction((name) => document.querySelector('input[name=presenter]')?.value === name, finance.name);
  assert.ok(await itemForm.isVisible());
  await itemForm.getByTestId('item-save').click();
  await itemForm.waitFor({ state: 'detached' });
  const withItem = await call('meeting_get', { id: m.meeting.id });
  assert.equal(withItem.items.length, 1, 'no Enter sent the item before its Save');
  assert.equal(withItem.items[0].presenterAgencyId, finance.id);
});

test('the notes and outcomes typed during a live sitting survive a tab, leaving the page and a closed window', async () => {
  const [agency] = await agencies('Sở Xây dựng');
  const m = await meeting('Phiên họp UBND tỉnh thường kỳ tháng 12 năm 2026', '2026-12-02', [['Quy hoạch đô thị trung tâm', agency]]);
  const itemId = m.items[0].id;
  await call('meeting_item_admit', { itemId, admit: true, reason: 'Hồ sơ đầy đủ' });
  await call('meeting_open', { id: m.meeting.id, open: true });
  const url = `${server.url}#/meetings/${m.meeting.id}`;
  const notes = 'Chủ tịch kết luận: giao Sở Xây dựng hoàn thiện hồ sơ trong tháng 12.';
  const outcome = 'Thống nhất thông qua, giao hoàn thiện theo ý kiến thành viên.';

  await as('cvp');
  await page.goto(url);
  await page.getByTestId('room').waitFor();
  await page.getByTestId('tab-after').click();
  await page.getByTestId('secretary-notes').fill(notes);
  await page.getByTestId('outcome').fill(outcome);
  // Another tab of the page at once, and back.
  await page.getByTestId('tab-room').click();
  await page.getByTestId('room').waitFor();
  await page.getByTestId('tab-after').click();
  await page.getByTestId('after-restored').waitFor();
  assert.equal(await page.getByTestId('secretary-notes').inputValue(), notes);
  assert.equal(await page.getByTestId('outcome').inputValue(), outcome);
  await page.screenshot({ path: join(RESULTS, 'browser-meeting-after-restored.png') });

  // Another page: asked first; gone anyway, and back.
  await page.getByTestId('nav-meetings').click();
  await page.getByTestId('leave-stay').waitFor();
  await page.getByTestId('leave-go').click();
  await page.waitForURL(/#\/meetings$/);
  await page.goto(url);
  await page.getByTestId('tab-after').click();
  await page.getByTestId('after-restored').waitFor();
  assert.equal(await page.getByTestId('secretary-notes').inputValue(), notes);
  assert.equal(await page.getByTestId('outcome').inputValue(), outcome);

  // The window closed once the text was kept: at the next login it is there.
  const more = `${notes} Sở Tài chính bố trí kinh phí.`;
  await page.getByTestId('secretary-notes').fill(more);
  await page.getByTestId('after-kept').waitFor();
  await page.close();
  await as('cvp');
  await page.goto(url);
  await page.getByTestId('tab-after').click();
  await page.getByTestId('after-restored').waitFor();
  assert.equal(await page.getByTestId('secretary-notes').inputValue(), more);

  // Saved for real: the meeting holds them and nothing is offered back any more.
  await page.getByTestId('notes-save').click();
  await page.getByTestId('outcome-save').click();
  await page.getByTestId('outcome-save').waitFor({ state: 'detached' });
  await page.getByTestId('after-restored').waitFor({ state: 'detached' });
  const saved = await call('meeting_get', { id: m.meeting.id });
  assert.equal(saved.secretaryNotes, more);
  assert.equal(saved.items[0].outcome, outcome);
  const kept = await callApi(server.url, 'autosave_get', { form: `meeting-after-${m.meeting.id}` },
    (await callApi(server.url, 'session_login', { username: 'cvp', password: DEMO_PASSWORD })).token);
  assert.equal(kept, null, 'the kept copy went with the save');
  await page.reload();
  await page.getByTestId('tab-after').click();
  assert.equal(await page.getByTestId('secretary-notes').inputValue(), more);
  assert.equal(await page.getByTestId('after-restored').count(), 0);
});
