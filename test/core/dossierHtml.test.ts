import { describe, expect, it } from 'vitest';
import { escapeHtml, renderDossierHtml } from '../../main/core/reports/dossierHtml';
import { titleLines } from '../../main/core/reports/dossierText';
import { ACCOUNTABILITY_CLAUSE, CLAUSE_14, CLAUSE_6, CLAUSE_9, GUIDANCE_CLAUSE, HOSTILE_NOTE, dossierData } from '../fixtures/dossierData';
import plan from '../../seeds/plan.json';

const rowsOf = (html: string) => html.split('<tr>').slice(1);

describe('约谈材料 HTML for PDF printing', () => {
  it('escapes whatever the data holds: no markup from a ledger cell, a unit name or a title', () => {
    const data = dossierData();
    const html = renderDossierHtml({ ...data, unitFullName: '<img src=x onerror=alert(1)>', title: `${data.title}</title><script>` });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 砂石 &amp; 石料');
    expect(html).toContain(escapeHtml(HOSTILE_NOTE));
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html.match(/<\/title>/g)).toHaveLength(1);
  });

  it('lists the rows that hold a figure back and says how many are counted and where the rest are', () => {
    const data = dossierData();
    expect(renderDossierHtml(data)).toContain('共 12 行台账记录，其中拖后腿（未完成）3 行，逐行列出；其余 9 行已计入完成数，可在工作区中查看：');
    // more rows hold it back than a dossier lists
    const many = { ...data, items: data.items.map((i) => (i.heldBackTotal ? { ...i, evidenceTotal: 120, heldBackTotal: 45 } : i)) };
    const html = renderDossierHtml(many);
    expect(html).toContain('共 120 行台账记录，其中拖后腿（未完成）45 行，列出前 3 行；其余 75 行已计入完成数，可在工作区中查看：');
    expect(html).toContain('另有 42 行拖后腿的记录，详见工作区台账');
  });

  it('counts what is left for a "= 0" target, whether the record carries the comparator or only the value text', () => {
    const data = dossierData();
    expect(renderDossierHtml(data)).toContain('尚余 3 台');
    const older = { ...data, items: data.items.map((i) => ({ ...i, target: { ...i.target, comparator: undefined } })) };
    expect(renderDossierHtml(older)).toContain('尚余 3 台');
  });

  it('is self-contained and set for A4 printing with repeated table headers', () => {
    const html = renderDossierHtml(dossierData());
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/(?:src|href)\s*=|@import|url\(/i);
    expect(html).toContain('@page { size: A4; margin: 37mm 26mm 35mm 28mm; }');
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).toMatch(/tr \{ break-inside: avoid;/);
    expect(html).toMatch(/body \{[^}]*font-family: "仿宋_GB2312", [^;]*"FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC"[^;]*serif;/);
  });

  it('quotes the breached clauses verbatim, as seeds/plan.json has them', () => {
    const html = renderDossierHtml(dossierData());
    const seeds = plan as unknown as { tasks: { no: number; clause: string }[]; provisions: { code: string; text: string }[] };
    expect(seeds.tasks.find((t) => t.no === 14)!.clause).toBe(CLAUSE_14);
    expect(seeds.provisions.find((p) => p.code === '四(七)')!.text).toBe(ACCOUNTABILITY_CLAUSE);
    for (const clause of [CLAUSE_14, CLAUSE_9, ACCOUNTABILITY_CLAUSE, GUIDANCE_CLAUSE]) expect(html).toContain(`<p class="quote">“${escapeHtml(clause)}”</p>`);
    for (const para of CLAUSE_6.split('\n')) expect(html).toContain(escapeHtml(para));
    for (const line of titleLines(dossierData().title)) expect(html).toContain(line);
  });

  it('shows every evidence row with its file, sheet and row number', () => {
    const data = dossierData();
    const rows = rowsOf(renderDossierHtml(data));
    for (const e of data.items.flatMap((i) => i.evidence)) {
      const row = rows.find((r) => r.includes(escapeHtml(e.file)) && r.includes(`第${e.row}行`));
      expect(row, `${e.file} 第${e.row}行`).toBeDefined();
      expect(row).toContain(escapeHtml(e.sheet));
      expect(row!.includes('<b>拖后腿</b>')).toBe(e.holdsBack);
    }
  });

  it('signs with the Beijing date of issue and states the deadline', () => {
    const html = renderDossierHtml({ ...dossierData(), issuedAt: '2020-10-31T16:05:00.000Z', rectifyBy: '2020-11-15' });
    expect(html).toContain('2020年11月1日');
    expect(html).toContain('整改期限：2020年11月15日。');
  });
});
