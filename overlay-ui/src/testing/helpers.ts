/** Test helpers for the overlay's elements (never part of the bundle). */
import type { LitElement } from 'lit';
import type { VidEventMap, VidEventName } from '../shared/events.ts';
import type { GroupPolicy } from '../shared/groups.ts';

/** What `/me` says about groups on the demo site (GROUP_PREFIX=vid_). */
export const VID_POLICY: GroupPolicy = { groupPrefix: 'vid_', adminGroups: ['vid_admin'] };

/** Creates an element, sets its properties, attaches it to the document and waits for its first render. */
export async function mount<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}): Promise<HTMLElementTagNameMap[K]> {
  const el = document.createElement(tag);
  Object.assign(el, props);
  document.body.append(el);
  await settle(el as unknown as LitElement);
  return el;
}

/** Waits until the element and every overlay element in its shadow tree have rendered. */
export async function settle(el: LitElement): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await el.updateComplete;
    const inner = [...(el.shadowRoot?.querySelectorAll('*') ?? [])].filter((n): n is LitElement => 'updateComplete' in n);
    await Promise.all(inner.map((n) => settle(n)));
    if (!el.isUpdatePending) return;
  }
}

/** Lets pending promises, timers of 0 ms and observers run. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

export function $<T extends Element = HTMLElement>(root: Element | ShadowRoot | Document, selector: string): T {
  const found = root instanceof Element && root.shadowRoot ? root.shadowRoot.querySelector<T>(selector) : root.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

export function $$<T extends Element = HTMLElement>(root: Element | ShadowRoot | Document, selector: string): T[] {
  const scope = root instanceof Element && root.shadowRoot ? root.shadowRoot : root;
  return [...scope.querySelectorAll<T>(selector)];
}

/** Every event of this name the element sends, in order. */
export function recordEvents<K extends VidEventName>(target: EventTarget, name: K): Array<VidEventMap[K]> {
  const seen: Array<VidEventMap[K]> = [];
  target.addEventListener(name, (e) => seen.push((e as CustomEvent<VidEventMap[K]>).detail));
  return seen;
}

/** Flips a switch the way a click does (checked state + change event). */
export function flip(input: HTMLInputElement): void {
  input.click();
}

export function text(el: Element | ShadowRoot | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The text a person sees, including inside shadow roots (sr-only spans included). */
export function deepText(node: Node): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === 3) out += n.textContent;
    if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot);
    for (const child of n.childNodes) walk(child);
  };
  walk(node);
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * What a person can read on the page, shadow roots included: deepText without elements that are
 * `hidden`, `display: none` inline, or <script>/<style>. (Happy DOM applies no stylesheet; the
 * browser tests check what the editor's CSS hides.)
 */
export function visibleText(node: Node): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === 3) out += n.textContent;
    if (n instanceof HTMLElement && (n.hidden || n.style.display === 'none' || n.localName === 'script' || n.localName === 'style')) return;
    if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot);
    for (const child of n.childNodes) walk(child);
  };
  walk(node);
  return out.replace(/\s+/g, ' ').trim();
}

/** What a screen reader says for an element's content: its text without aria-hidden or hidden parts. */
export function spokenText(node: Node): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === 3) out += n.textContent;
    if (n instanceof HTMLElement && (n.hidden || n.getAttribute('aria-hidden') === 'true')) return;
    for (const child of n.childNodes) walk(child);
  };
  walk(node);
  return out.replace(/\s+/g, ' ').trim();
}
