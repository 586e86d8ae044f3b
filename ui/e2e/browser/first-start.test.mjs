// A new office: first start, every area, a user created and found in the audit log,
// both languages, and the new user's first login.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { dataDir, serve, RESULTS } from '../harness.mjs';
import { launch, login } from './browser.mjs';

let server, browser, page;

before(async () => {
  server = await serve(dataDir());
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('first start asks for the province and the administrator', async () => {
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Khởi tạo hệ thống' }).waitFor();
  await page.selectOption('select[name=province]', { label: 'Nghệ An (130 xã, phường)' });
  await page.fill('input[name=fullName]', 'Nguyễn Quản Trị');
  await page.fill('input[name=username]', 'quantri');
  await page.fill('input[name=password]', 'batdau2026');
  await page.fill('input[name=passwordAgain]', 'batdau2026');
  await page.click('button[type=submit]');
  await page.getByTestId('dashboard').waitFor();
  assert.match(await page.getByTestId('current-user').innerText(), /Nguyễn Quản Trị/);
  assert.match(await page.locator('.topbar').innerText(), /Văn phòng Ủy ban nhân dân tỉnh Nghệ An/);
  await page.screenshot({ path: join(RESULTS, 'browser-dashboard-vi.png') });
});

test('the sidebar shows the areas the role works in, and an address says why another is closed', async () => {
  const nav = page.getByRole('navigation', { name: 'Chức năng chính' });
  // Every area is built; the administrator does not work with them, so
  // they are not in the sidebar, and their address says why.
  for (const [link, path, text] of [
    ['Văn bản đến', 'incoming', 'Vai trò của bạn không làm việc với văn bản đến.'],
    ['Văn bản đi', 'outgoing', 'Vai trò của bạn không làm việc với văn bản đi.'],
    ['Nhiệm vụ, chỉ đạo', 'directions', 'Vai trò của bạn không theo dõi nhiệm vụ.'],
    ['Phòng họp', 'meetings', 'Vai trò của bạn không tham dự, chuẩn bị cuộc họp.'],
    ['Lịch công tác', 'schedule', 'Vai trò của bạn không làm việc với lịch công tác.'],
    ['Báo cáo', 'reports', 'Vai trò của bạn không in báo cáo của Văn phòng.'],
  ]) {
    assert.equal(await nav.getByRole('link', { name: link }).count(), 0, link);
    await page.evaluate((target) => { location.hash = target; }, `/${path}`);
    await page.getByText(text).waitFor();
  }
  for (const [link, testId] of [['Người dùng', 'users-page'], ['Phòng, đơn vị', 'departments-page'],
    ['Danh bạ cơ quan', 'agencies-page'], ['Sổ đăng ký', 'registers-page'], ['Phân luồng văn bản', 'routing-page'],
    ['Quy trình duyệt văn bản', 'approval-paths-page'], ['Nhật ký hệ thống', 'audit-page']]) {
    await nav.getByRole('link', { name: link }).click();
    await page.getByTestId(testId).waitFor();
  }
});

test('the agency directory finds a commune without diacritics', async () => {
  await page.getByRole('link', { name: 'Danh bạ cơ quan' }).click();
  await page.fill('input[name=search]', 'dien chau');
  await page.getByRole('cell', { name: 'UBND xã Diễn Châu' }).waitFor();
});

test('the administrator adds a department and gives an agency its code', async () => {
  await page.getByRole('link', { name: 'Phòng, đơn vị' }).click();
  await page.getByRole('button', { name: 'Thêm phòng, đơn vị' }).click();
  const dialog = page.locator('dialog');
  await dialog.locator('input[name=code]').fill('KT');
  await dialog.locator('input[name=name]').fill('Phòng Thư ký - Biên tập');
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await dialog.getByText('Ký hiệu KT đã được dùng cho phòng khác.').waitFor();
  await dialog.locator('input[name=code]').fill('tkbt');
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await page.getByRole('cell', { name: 'TKBT' }).waitFor();

  await page.getByRole('link', { name: 'Danh bạ cơ quan' }).click();
  await page.fill('input[name=search]', 'so tai chinh');
  const row = page.locator('[data-testid=agencies-page] tbody tr', { hasText: 'Sở Tài chính' });
  await row.getByRole('button', { name: 'Sửa' }).click();
  await dialog.locator('input[name=code]').fill('000.11.40.H40');
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await row.getByText('000.11.40.H40').waitFor();
});

test('the administrator creates a user and sees it in the audit log', async () => {
  await page.getByRole('link', { name: 'Người dùng' }).click();
  await page.getByTestId('user-create').click();
  const form = page.getByTestId('user-form');
  await form.locator('input[name=username]').fill('cv.kt9');
  await form.locator('input[name=password]').fill('tamthoi2026');
  await form.locator('input[name=fullName]').fill('Phạm Thị Hồng Nhung');
  await form.locator('input[name=title]').fill('Chuyên viên');
  await form.locator('select[name=role]').selectOption('specialist');
  // The core refuses a specialist without a department, with a message in Vietnamese.
  await form.getByRole('button', { name: 'Lưu' }).click();
  await form.getByText('Văn thư, chuyên viên và trưởng phòng phải thuộc một phòng.').waitFor();
  await form.locator('select[name=departmentId]').selectOption({ label: 'Phòng Kinh tế' });
  await form.getByRole('button', { name: 'Lưu' }).click();
  await page.locator('tr[data-username="cv.kt9"]').waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-users-vi.png') });

  await page.getByRole('link', { name: 'Nhật ký hệ thống' }).click();
  const row = page.locator('[data-testid=audit-page] tbody tr', { hasText: 'Tạo người dùng Phạm Thị Hồng Nhung (cv.kt9)' });
  await row.waitFor();
  assert.match(await row.innerText(), /Nguyễn Quản Trị/, 'the audit entry names who did it');
  assert.match(await row.innerText(), /Tạo người dùng\s/, 'the action in words, not the command name');
  assert.equal(await row.locator('td[data-action=user_create]').count(), 1);
});

test('the administrator adds a routing rule and a commune territory', async () => {
  await page.getByRole('link', { name: 'Phân luồng văn bản' }).click();
  await page.getByRole('button', { name: 'Thêm quy tắc' }).click();
  const dialog = page.locator('dialog');
  await dialog.locator('input[name=name]').fill('Đất đai từ UBND xã');
  await dialog.locator('select[name=senderGroup]').selectOption('commune');
  await dialog.locator('input[name=keywords]').fill('đất đai, giao đất');
  await dialog.locator('select[name=leadDepartmentId]').selectOption({ label: 'Phòng Nông nghiệp' });
  // Saved at once, before the picker's own lookup: the name typed in full is taken.
  await dialog.locator('input[name=competent]').fill('Sở Nông nghiệp và Môi trường');
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  const row = page.locator('[data-testid=routing-page] tbody tr', { hasText: 'Đất đai từ UBND xã' });
  await row.waitFor();
  assert.match(await row.innerText(), /Sở Nông nghiệp và Môi trường/, 'the competent agency was picked from the directory');
  // Opened again and saved at once, changing nothing: the rule keeps its agency.
  await row.getByRole('button', { name: 'Sửa' }).click();
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const rules = await page.evaluate(async () => {
    const token = sessionStorage.getItem('vanphong.token');
    const response = await fetch('/api/routing_rule_list', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: 'null' });
    return response.json();
  });
  const saved = rules.find((r) => r.name === 'Đất đai từ UBND xã');
  assert.equal(saved.competentAgencyName, 'Sở Nông nghiệp và Môi trường', 'saved again, the agency stays');

  await page.locator('[data-testid=routing-page] .filters select').selectOption({ label: 'Phòng Kinh tế (0 xã, phường)' });
  await page.getByLabel('Xã Diễn Châu', { exact: true }).check();
  await page.locator('[data-testid=routing-page] .filters').getByRole('button', { name: 'Lưu' }).click();
  await page.locator('option', { hasText: 'Phòng Kinh tế (1 xã, phường)' }).waitFor({ state: 'attached' });
  await page.screenshot({ path: join(RESULTS, 'browser-routing.png'), fullPage: true });
});

test('the interface switches to English and back at any time', async () => {
  await page.getByRole('link', { name: 'Nhật ký hệ thống' }).click();
  await page.getByTestId('audit-page').waitFor();
  await page.getByTestId('lang-switch').first().click();
  await page.getByRole('heading', { name: 'Audit log' }).waitFor();
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('heading', { name: 'Users' }).waitFor();
  await page.getByRole('columnheader', { name: 'Secrecy clearance' }).waitFor();
  await page.screenshot({ path: join(RESULTS, 'browser-users-en.png') });
  await page.getByTestId('lang-switch').first().click();
  await page.getByRole('heading', { name: 'Người dùng' }).waitFor();
});

test('the new user must replace the temporary password, then works', async () => {
  await page.getByTestId('logout').click();
  await login(page, 'cv.kt9', 'tamthoi2026');
  await page.getByText('Bạn đang dùng mật khẩu tạm thời').waitFor();
  await page.fill('input[name=currentPassword]', 'tamthoi2026');
  await page.fill('input[name=newPassword]', 'cuatoi2026');
  await page.fill('input[name=passwordAgain]', 'cuatoi2026');
  await page.click('button[type=submit]');
  await page.getByTestId('dashboard').waitFor();
  assert.match(await page.getByTestId('current-user').innerText(), /Chuyên viên · Phòng Kinh tế/);
  assert.equal(await page.getByRole('link', { name: 'Người dùng' }).count(), 0, 'a specialist has no administration');
});

test('the administrator sees the workstations an account logs in from, and revokes one', async () => {
  await page.getByTestId('logout').click();
  await login(page, 'quantri', 'batdau2026');
  await page.getByRole('link', { name: 'Người dùng' }).click();
  await page.locator('tr[data-username="cv.kt9"]').getByRole('button', { name: 'Sửa' }).click();
  const section = page.getByTestId('workstations');
  await section.getByTestId('workstation-row').first().waitFor();
  // cv.kt9 logged in from this browser (twice: the temporary password, then their own).
  const rows = await section.getByTestId('workstation-row').count();
  assert.ok(rows >= 1, `${rows} workstations`);
  assert.match(await section.innerText(), /127\.0\.0\.1/);
  await page.screenshot({ path: join(RESULTS, 'browser-user-workstations.png') });
  await section.getByTestId('workstation-revoke').first().click();
  await page.getByTestId('confirm-yes').click();
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid=workstation-row]').length === n - 1,
    rows,
  );
});
