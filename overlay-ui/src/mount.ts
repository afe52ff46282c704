import './components/overlay-root/define.ts';

/**
 * Puts one `<vid-overlay-root>` into the editor's header (or, on a page without one, floating in
 * the corner). The injected markup may already contain it; then it stays where it is.
 */
export function mountOverlay(doc: Document = document): void {
  const run = () => {
    let root = doc.querySelector('vid-overlay-root');
    const header = doc.querySelector('header');
    if (!root) {
      root = doc.createElement('vid-overlay-root');
      if (header) header.append(root);
      else doc.body.append(root);
    }
    if (!header || !header.contains(root)) root.setAttribute('floating', '');
  };
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', run, { once: true });
  else run();
}
