import type { PathAccess } from '../shared/api-types.ts';

export interface StreamRowsOptions {
  /** The access of a stream by name; undefined when not (yet) known. */
  accessOf(path: string): PathAccess | undefined;
  /** Every stream name known, to recognise rows that carry no data attribute. */
  knownPaths(): Iterable<string>;
  /** A row names a stream we know nothing about yet (e.g. it just went live). */
  onUnknown(path: string): void;
}

const CHIPS = 'vid-stream-chips';

/**
 * Chips per row of the editor's Active Streams table. The editor rebuilds `#streams-container`
 * with innerHTML every 5 s, which throws our chips away; a MutationObserver puts them back.
 */
export class StreamRows {
  private readonly doc: Document;
  private readonly opts: StreamRowsOptions;
  private observer: MutationObserver | null = null;
  private container: HTMLElement | null = null;

  constructor(doc: Document, opts: StreamRowsOptions) {
    this.doc = doc;
    this.opts = opts;
  }

  /** Starts watching; false when the page has no Active Streams table. */
  connect(): boolean {
    const container = this.doc.getElementById('streams-container');
    if (!container) return false;
    this.container = container;
    const View = this.doc.defaultView?.MutationObserver ?? MutationObserver;
    this.observer = new View((records) => {
      if (records.some((r) => !isOwnChange(r))) this.decorate();
    });
    this.observer.observe(container, { childList: true, subtree: true });
    this.decorate();
    return true;
  }

  disconnect(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.container = null;
  }

  /** (Re)attaches and updates the chips of every row. */
  decorate(): void {
    const container = this.container;
    if (!container) return;
    for (const row of this.rows(container)) {
      const path = this.rowPath(row);
      if (!path) continue;
      let chips = [...row.querySelectorAll(CHIPS)][0] as (HTMLElement & { path: string; access: PathAccess | null }) | undefined;
      if (!chips) {
        chips = this.doc.createElement(CHIPS) as HTMLElement & { path: string; access: PathAccess | null };
        chips.dataset.vidOverlay = '';
        place(row, chips);
      }
      const access = this.opts.accessOf(path);
      chips.path = path;
      chips.access = access ?? null;
      if (!access) this.opts.onUnknown(path);
    }
  }

  private rows(container: HTMLElement): HTMLElement[] {
    const marked = [...container.querySelectorAll<HTMLElement>('[data-stream], .stream-row')];
    if (marked.length) return marked.filter((el) => !marked.some((other) => other !== el && other.contains(el)));
    const table = [...container.querySelectorAll<HTMLElement>('tbody > tr')];
    if (table.length) return table;
    return [...container.children].filter((el): el is HTMLElement => el instanceof HTMLElement && el.tagName !== CHIPS.toUpperCase());
  }

  private rowPath(row: HTMLElement): string | null {
    const named = row.getAttribute('data-stream') ?? row.querySelector('[data-stream]')?.getAttribute('data-stream');
    if (named) return named;
    const nameEl = row.querySelector('.stream-name');
    if (nameEl?.textContent?.trim()) return nameEl.textContent.trim();
    // Unknown markup: an element whose whole text is a known stream name (the longest wins),
    // else the longest known name standing as a word in the row's text.
    const known = new Set(this.opts.knownPaths());
    let best: string | null = null;
    for (const el of row.querySelectorAll('*')) {
      const t = el.textContent?.trim() ?? '';
      if (known.has(t) && (best === null || t.length > best.length)) best = t;
    }
    if (best) return best;
    const text = row.textContent ?? '';
    for (const path of known) {
      if ((best === null || path.length > best.length) && new RegExp(`(^|\\s)${escapeRegExp(path)}(\\s|$)`).test(text)) best = path;
    }
    return best;
  }
}

function place(row: HTMLElement, chips: HTMLElement) {
  const nameEl = row.querySelector('.stream-name');
  if (nameEl && (nameEl.tagName === 'TD' || nameEl.tagName === 'TH')) nameEl.append(chips);
  else if (nameEl && nameEl.parentElement === row) nameEl.after(chips);
  else if (row.tagName === 'TR') (row.querySelector('td') ?? row).append(chips);
  else row.append(chips);
}

function isOwnChange(record: MutationRecord): boolean {
  const own = (n: Node) => n.nodeName.toLowerCase() === CHIPS;
  return [...record.addedNodes].every(own) && [...record.removedNodes].every(own);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
