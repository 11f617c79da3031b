// Chromium stamps a PDF's Info dictionary with the moment it printed; the document carries its 印发日期 instead.
// The stamp is rewritten in place with a string of the same length, so the cross-reference offsets stay valid.

const STAMP = /\/(CreationDate|ModDate)\s*\(D:(\d{14})(Z|[+-]\d{2}'\d{2}'?)?\)/g;

/** D:YYYYMMDDHHmmSS of an ISO moment, as wall-clock time at `offsetMinutes` east of UTC. */
function digits(iso: string, offsetMinutes: number): string {
  return new Date(Date.parse(iso) + offsetMinutes * 60_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

export function stampPdfDates(pdf: Buffer, iso: string): Buffer {
  if (Number.isNaN(Date.parse(iso))) return pdf;
  const text = pdf.toString('latin1');
  let changed = false;
  const out = text.replace(STAMP, (whole: string, key: string, _old: string, zone: string | undefined) => {
    // keep the zone as written and give the same moment in it
    const m = zone ? /^([+-])(\d{2})'(\d{2})/.exec(zone) : null;
    const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
    const next = whole.replace(/D:\d{14}/, `D:${digits(iso, offset)}`);
    changed ||= next !== whole;
    return next;
  });
  return changed ? Buffer.from(out, 'latin1') : pdf;
}
