import type { PathAccess } from '../shared/api-types.ts';
import type { GroupPolicy } from '../shared/groups.ts';
import { relabelShareModes } from './share-mode.ts';

/** Where a row's group chips come from (admins). */
export interface StreamChipsSource {
  /** The access of a stream by name; undefined when not (yet) known. */
  accessOf(path: string): PathAccess | undefined;
  /** Every stream name known, to recognise rows that carry no data attribute. */
  knownPaths(): Iterable<string>;
  /** A row names a stream we know nothing about yet (e.g. it just went live). */
  onUnknown(path: string): void;
  /** What a stream group is (`/me`). */
  policy(): GroupPolicy | null;
}

export interface StreamRowsOptions {
  /** Group chips per row, saying who can see the stream; null: none (viewers). */
  chips: StreamChipsSource | null;
  /** Whether the editor's share-mode badge stays a toggle (admins) or becomes read-only (viewers). */
  canToggleShareMode: boolean;
}

const CHIPS = 'vid-stream-chips';
type Chips = HTMLElement & { path: string; access: PathAccess | null; policy: GroupPolicy | null };

/**
 * The editor's Active Streams rows, in directory mode: each gets our group chips (who can see
 * the stream) and its share-mode badge says that it is about links (share-mode.ts). The editor
 * rebuilds `#streams-container` with innerHTML every 5 s, a table on desktops and cards at
 * <= 768 px, which throws our changes away; a MutationObserver puts them back.
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

  /** (Re)attaches and updates the chips of every row, and relabels the share-mode badges. */
  decorate(): void {
    const container = this.container;
    if (!container) return;
    relabelShareModes(container, this.opts.canToggleShareMode);
    const source = this.opts.chips;
    if (source) {
      for (const { row, path } of this.rows(container, source)) {
        let chips = row.querySelector(CHIPS) as Chips | null;
        if (!chips) {
          chips = this.doc.createElement(CHIPS) as Chips;
          chips.dataset.vidOverlay = '';
          place(row, chips);
        }
        const access = source.accessOf(path);
        chips.path = path;
        chips.access = access ?? null;
        chips.policy = source.policy();
        if (!access) source.onUnknown(path);
      }
    }
    // What we just changed is ours: the observer need not wake for it.
    this.observer?.takeRecords();
  }

  private rows(container: HTMLElement, source: StreamChipsSource): Array<{ row: HTMLElement; path: string }> {
    // The editor 2.0.8: every row's buttons carry data-stream-name (share-mode badge, Watch, Share).
    const named = [...container.querySelectorAll<HTMLElement>('[data-stream-name]')];
    if (named.length) {
      const rows = new Map<HTMLElement, string>();
      for (const el of named) rows.set(rowOf(el, container), el.getAttribute('data-stream-name')!);
      return [...rows].map(([row, path]) => ({ row, path }));
    }
    return this.otherRows(container)
      .map((row) => ({ row, path: this.rowPath(row, source) }))
      .filter((r): r is { row: HTMLElement; path: string } => r.path !== null);
  }

  /** Other markup: rows by data attribute or class, table rows, or the container's children. */
  private otherRows(container: HTMLElement): HTMLElement[] {
    const marked = [...container.querySelectorAll<HTMLElement>('[data-stream], .stream-row')];
    if (marked.length) return marked.filter((el) => !marked.some((other) => other !== el && other.contains(el)));
    const table = [...container.querySelectorAll<HTMLElement>('tbody > tr')];
    if (table.length) return table;
    return [...container.children].filter((el): el is HTMLElement => el instanceof HTMLElement && el.tagName !== CHIPS.toUpperCase());
  }

  private rowPath(row: HTMLElement, source: StreamChipsSource): string | null {
    const named = row.getAttribute('data-stream') ?? row.querySelector('[data-stream]')?.getAttribute('data-stream');
    if (named) return named;
    const nameEl = row.querySelector('.stream-name');
    if (nameEl?.textContent?.trim()) return nameEl.textContent.trim();
    // Unknown markup: an element whose whole text is a known stream name (the longest wins),
    // else the longest known name standing as a word in the row's text.
    const known = new Set(source.knownPaths());
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

/** A stream's row: its table row, or the largest box (a card) holding no other stream's buttons. */
function rowOf(el: HTMLElement, container: HTMLElement): HTMLElement {
  const tr = el.closest('tr');
  if (tr && container.contains(tr)) return tr;
  const name = el.getAttribute('data-stream-name');
  let row = el;
  for (let up = row.parentElement; up && up !== container; up = up.parentElement) {
    if ([...up.querySelectorAll('[data-stream-name]')].some((other) => other.getAttribute('data-stream-name') !== name)) break;
    row = up;
  }
  return row;
}

function place(row: HTMLElement, chips: HTMLElement) {
  const badge = row.querySelector('.share-mode-badge');
  if (badge && row.tagName === 'TR') return badge.after(chips); // the Stream Name cell
  if (badge?.parentElement && badge.parentElement !== row) return badge.parentElement.before(chips); // a card: above its buttons
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
