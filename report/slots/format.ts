// Number and Markdown formatting for the report's prose and tables. Text numbers use 3 significant
// digits, trailing zeros dropped, a true minus sign.

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻',
  '−': '⁻',
};

/**
 * A number for the prose and tables: `sig` significant digits, no trailing zeros, "−" for minus. A whole
 * number (a count) is printed in full, never rounded.
 */
export function fmt(x: number, sig = 3): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (Number.isSafeInteger(x)) return x < 0 ? `−${-x}` : String(x);
  const abs = Math.abs(x);
  let body: string;
  if (abs >= 1e-4 && abs < 1e6) {
    body = String(Number(abs.toPrecision(sig)));
  } else if (abs === 0) {
    return '0';
  } else {
    const [mantissa = '', exponent = ''] = abs.toExponential(sig - 1).split('e');
    const exp = exponent.replace('+', '').replace(/./g, (c) => SUPERSCRIPT[c] ?? c);
    body = `${String(Number(mantissa))}×10${exp}`;
  }
  return body === '0' ? '0' : (x < 0 ? '−' : '') + body;
}

/** An exact parameter value (learning rates, step counts): printed as given, never rounded. */
export function fmtExact(x: number): string {
  return String(x).replace('-', '−');
}

export function fmtList(xs: readonly number[], sig = 3): string {
  return xs.map((x) => fmt(x, sig)).join(', ');
}

export function fmtDeg(x: number): string {
  return `${fmt(x, 3)}°`;
}

/** sparsity S = 1 − density as a percentage */
export function fmtSparsity(density: number): string {
  return `${fmt((1 - density) * 100, 3)} %`;
}

/** "a, b and c" */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/** feature indices as compact ranges: [0,1,2,3,7] → "f0–f3, f7"; [] → "none" */
export function featureList(indices: readonly number[]): string {
  if (indices.length === 0) return 'none';
  const sorted = [...indices].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0] ?? 0;
  let prev = start;
  for (const i of [...sorted.slice(1), Number.NaN]) {
    if (i === prev + 1) {
      prev = i;
      continue;
    }
    parts.push(start === prev ? `f${start}` : prev === start + 1 ? `f${start}, f${prev}` : `f${start}–f${prev}`);
    start = i;
    prev = i;
  }
  return parts.join(', ');
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Escape text that comes from the input (claim sentences, titles, captions) for Markdown. */
export function escapeMd(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

// Maths is written in Unicode throughout (report.md, report.html, the SVGs and claims.json read alike).
/** An index in subscript digits: W + subscript(12) = W₁₂. */
export function subscript(index: number): string {
  return String(index).replace(/\d/g, (d) => String.fromCharCode(0x2080 + Number(d)));
}

/** An exponent in superscript: 2 + superscript(-24) = 2⁻²⁴. */
export function superscript(exponent: number): string {
  return [...String(exponent)].map((c) => SUPERSCRIPT[c] ?? c).join('');
}

export function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** A Markdown pipe table; cells are Markdown already (a literal "|" is escaped). */
/** Text safe inside HTML (an element's content or a quoted attribute). */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (c: string): string => c.replace(/\r?\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** feature pairs as "f0/f1, f2/f3 and f4/f5" */
export function pairList(pairs: ReadonlyArray<[number, number]>): string {
  return joinAnd(pairs.map(([i, j]) => `f${i}/f${j}`));
}

/** the span of a set of values: "1.05" / "1.04 to 1.06"; "—" when empty */
export function range(xs: readonly number[]): string {
  if (xs.length === 0) return '—';
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return fmt(lo) === fmt(hi) ? fmt(lo) : `${fmt(lo)} to ${fmt(hi)}`;
}

/** predicate for a set of values: "are all 1.05" / "range from 1.04 to 1.06" */
export function spread(xs: readonly number[]): string {
  if (xs.length === 0) return 'are undefined';
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return fmt(lo) === fmt(hi) ? `are all ${fmt(lo)}` : `range from ${fmt(lo)} to ${fmt(hi)}`;
}

export function restartPhrase(n: number): string {
  return n === 1 ? 'one restart' : `${n} restarts`;
}
