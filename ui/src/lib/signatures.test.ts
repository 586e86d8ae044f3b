import { describe, expect, it } from 'vitest';
import type { SignatureCheck } from './api/bindings';
import { revocationNote, signatureLine, signedTime } from './signatures';

const ISSUER = 'CA thử nghiệm Văn phòng số (demo)';
const check = (changes: Partial<SignatureCheck> = {}): SignatureCheck => ({
  state: 'valid',
  signer: 'Trần Quốc Bảo',
  organisation: 'Sở Tài chính',
  issuer: ISSUER,
  signedAt: '2026-12-01T23:00:00Z',
  reason: 'Ký ban hành',
  changedAfter: false,
  revocationListOf: '2026-12-01T17:00:00Z',
  timeStampedAt: null,
  ...changes,
});

describe('a checked signature in words', () => {
  it('says a valid signature, who and when in Vietnam time, time first', () => {
    const line = signatureLine(check(), 'vi');
    expect(line).toEqual({
      tone: 'ok',
      text: 'Chữ ký số hợp lệ: Trần Quốc Bảo — Sở Tài chính, ký lúc 06:00 02/12/2026',
      signer: null,
      reason: 'Ký ban hành',
      changedAfter: null,
      stamped: null,
    });
    expect(signatureLine(check(), 'en').text).toBe('Valid digital signature: Trần Quốc Bảo — Sở Tài chính, signed at 06:00 02/12/2026');
  });

  it('names the body once for its seal, and leaves out what the signature does not say', () => {
    const seal = check({ signer: 'Sở Tài chính', signedAt: null, reason: ' ' });
    expect(signatureLine(seal, 'vi').text).toBe('Chữ ký số hợp lệ: Sở Tài chính');
    expect(signatureLine(seal, 'vi').reason).toBeNull();
    expect(signatureLine(check({ organisation: null }), 'vi').text).toBe('Chữ ký số hợp lệ: Trần Quốc Bảo, ký lúc 06:00 02/12/2026');
  });

  it('warns of an authority the Office does not trust, naming it and the signer', () => {
    const line = signatureLine(check({ state: 'untrusted' }), 'vi');
    expect(line.tone).toBe('warn');
    expect(line.text).toBe('Chữ ký còn nguyên vẹn nhưng chứng thư số không do tổ chức chứng thực mà Văn phòng tin cậy cấp (CA thử nghiệm Văn phòng số (demo))');
    expect(line.signer).toBe('Người ký: Trần Quốc Bảo — Sở Tài chính, ký lúc 06:00 02/12/2026');
  });

  it.each([
    ['expired', 'warn', 'Chứng thư số đã hết hạn, hoặc chưa có hiệu lực vào thời điểm chữ ký ghi'],
    ['broken', 'bad', 'Văn bản đã bị thay đổi sau khi ký: chữ ký không còn khớp'],
    ['unreadable', 'bad', 'Không đọc được chữ ký số'],
  ] as const)('says %s plainly', (state, tone, text) => {
    const line = signatureLine(check({ state }), 'vi');
    expect(line.tone).toBe(tone);
    expect(line.text).toBe(text);
  });

  it('gives no signer for a signature that could not be read at all', () => {
    expect(signatureLine(check({ state: 'unreadable', signer: '', organisation: null, signedAt: null }), 'vi').signer).toBeNull();
  });

  it('adds a warning for what was added after signing, whatever the state', () => {
    expect(signatureLine(check({ changedAfter: true }), 'vi').changedAfter).toBe('Tệp có phần được thêm vào sau chữ ký, không được ký');
    expect(signatureLine(check({ state: 'broken', changedAfter: true }), 'en').changedAfter).toBe('Part of the file was added after the signature and is not signed');
  });
});

describe('the parts of a signature', () => {
  it('writes the time before the day, past midnight in Vietnam', () => {
    expect(signedTime('2026-12-31T17:30:00Z')).toBe('00:30 01/01/2027');
  });
});

describe('whether revocation was checked', () => {
  it('gives the day of the oldest list when every signature was checked against one', () => {
    const checks = [check(), check({ revocationListOf: '2026-11-29T17:00:00Z' })];
    expect(revocationNote(checks, 'vi')).toBe('Đã đối chiếu danh sách thu hồi chứng thư của tổ chức chứng thực (ngày 30/11/2026).');
    expect(revocationNote(checks, 'en')).toBe('Checked against the certificate authority’s revocation list (of 30/11/2026).');
  });

  it('says it was not checked when one signature had no list, and nothing for signatures that cannot count', () => {
    expect(revocationNote([check(), check({ revocationListOf: null })], 'vi')).toMatch(/^Chưa kiểm tra thu hồi chứng thư/);
    expect(revocationNote([check({ state: 'broken', revocationListOf: null })], 'vi')).toBe('');
  });

  it('a revoked certificate is said in red words', () => {
    const line = signatureLine(check({ state: 'revoked', revocationListOf: null }), 'vi');
    expect(line.tone).toBe('bad');
    expect(line.text).toMatch(/đã bị tổ chức chứng thực thu hồi/);
    expect(line.signer).toMatch(/^Người ký: Trần Quốc Bảo/);
  });
});

describe('a time-stamped signature', () => {
  it('says when the authority stamped it, in Vietnam time', () => {
    const stamped = check({ timeStampedAt: '2026-12-01T23:05:00Z' });
    expect(signatureLine(stamped, 'vi').stamped).toBe('dấu thời gian: 06:05 02/12/2026');
    expect(signatureLine(stamped, 'en').stamped).toBe('time-stamped at 06:05 02/12/2026');
  });
});
