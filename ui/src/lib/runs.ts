// The body editor writes each paragraph as text with light marks — **bold**, _italic_ —
// and the core stores it as runs of one style each. These convert between the two.
import type { Run } from './api/bindings';

const MARK = /(\*\*|_)/;

/** "Giao **Sở Tài chính** chủ trì" → runs; an unclosed mark is kept as typed. */
export function parseRuns(text: string): Run[] {
  const runs: Run[] = [];
  let bold = false;
  let italic = false;
  const parts = text.split(MARK);
  // A mark with no partner later on is literal text, not a style change.
  const count = (mark: string) => parts.filter((p) => p === mark).length;
  let openBold = count('**');
  let openItalic = count('_');
  const push = (value: string) => {
    if (!value) return;
    const last = runs.at(-1);
    if (last && last.bold === bold && last.italic === italic) last.text += value;
    else runs.push({ text: value, bold, italic });
  };
  for (const part of parts) {
    if (part === '**' && (bold || openBold >= 2)) {
      openBold--;
      bold = !bold;
    } else if (part === '_' && (italic || openItalic >= 2)) {
      openItalic--;
      italic = !italic;
    } else {
      if (part === '**') openBold--;
      if (part === '_') openItalic--;
      push(part);
    }
  }
  return runs;
}

/** Runs back to marked text, for editing. */
export function formatRuns(runs: Run[]): string {
  return runs
    .map((r) => {
      let text = r.text;
      if (r.italic) text = `_${text}_`;
      if (r.bold) text = `**${text}**`;
      return text;
    })
    .join('');
}

/** Wrap the selection [start, end) of `text` in `mark` (or unwrap it if already marked). */
export function toggleMark(text: string, start: number, end: number, mark: '**' | '_'): string {
  const before = text.slice(0, start);
  const selected = text.slice(start, end);
  const after = text.slice(end);
  if (before.endsWith(mark) && after.startsWith(mark)) {
    return before.slice(0, -mark.length) + selected + after.slice(mark.length);
  }
  return `${before}${mark}${selected}${mark}${after}`;
}
