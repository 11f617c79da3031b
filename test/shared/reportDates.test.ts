import { describe, expect, it } from 'vitest';
import { defaultRectifyBy, issueDateProblem, issuedAtOf, lastDayOfMonth, rectifyByProblem, todayInBeijing } from '../../shared/reportDates';
import { beijingDate, formatDateTime } from '../../shared/format';

describe('the dates on a document', () => {
  it('puts the default 整改期限 at the end of the month after the assessed one, whenever it is asked', () => {
    expect(defaultRectifyBy('2020-09')).toBe('2020-10-31');
    expect(defaultRectifyBy('2020-01')).toBe('2020-02-29');
    expect(defaultRectifyBy('2020-12')).toBe('2021-01-31');
    expect(lastDayOfMonth('2020-09')).toBe('2020-09-30');
  });

  it('takes today in Beijing, not in the machine’s zone, and stamps a date as midnight there', () => {
    expect(todayInBeijing(new Date('2020-10-11T17:30:00Z'))).toBe('2020-10-12');
    expect(beijingDate(issuedAtOf('2020-10-12'))).toBe('2020-10-12');
    expect(new Date(issuedAtOf('2020-10-12')).toISOString()).toBe('2020-10-11T16:00:00.000Z');
  });

  it('says in Chinese why a date cannot stand', () => {
    expect(issueDateProblem('2020-10-12', '2020-09')).toBeNull();
    expect(issueDateProblem('2020-09-30', '2020-09')).toBeNull();
    expect(issueDateProblem('2020-09-29', '2020-09')).toBe('印发日期（2020年9月29日）早于评估截止日（2020年9月30日），通报和约谈材料只能在所评估的月份结束后印发。');
    expect(issueDateProblem('2020-02-30', '2020-01')).toMatch(/^印发日期应为有效日期/);
    expect(rectifyByProblem('2020-10-31', '2020-09', '2020-10-12')).toBeNull();
    expect(rectifyByProblem('2020-09-30', '2020-09', '2020-10-12')).toBe('整改期限（2020年9月30日）应晚于评估截止日（2020年9月30日）。');
    expect(rectifyByProblem('2020-10-12', '2020-09', '2020-10-12')).toMatch(/^整改期限（2020年10月12日）不晚于印发日期（2020年10月12日）/);
  });
});

describe('times people read', () => {
  it('are Beijing time in the UI as in the reports, whatever the machine’s zone', () => {
    expect(formatDateTime('2020-10-08T01:00:00Z')).toBe('2020-10-08 09:00');
    expect(formatDateTime('2020-10-11T17:30:00.000Z')).toBe('2020-10-12 01:30');
  });
});

describe('a printed dossier’s own dates', () => {
  it('are the 印发日期, rewritten in place so the file keeps its length and offsets', async () => {
    const { stampPdfDates } = await import('../../main/core/reports/pdfDates');
    const pdf = Buffer.from("%PDF-1.4\n<</Producer (Skia/PDF m156)\n/CreationDate (D:20261203080812+00'00')\n/ModDate (D:20261203080812+08'00')>>\n", 'latin1');
    const out = stampPdfDates(pdf, '2020-10-12T00:00:00+08:00').toString('latin1');
    expect(out).toContain("/CreationDate (D:20201011160000+00'00')");
    expect(out).toContain("/ModDate (D:20201012000000+08'00')");
    expect(out.length).toBe(pdf.length);
  });
});
