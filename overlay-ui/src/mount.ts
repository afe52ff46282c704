import './components/overlay-root/define.ts';

/**
 * Puts one `<vid-overlay-root>` where the editor shows who is signed in: its header's
 * `div.header-user` (the root then hides the editor's own content there, which names the overlay's
 * service account), else its header, else floating in the corner. The injected markup may already
 * contain it; then it stays where it is.
 */
export function mountOverlay(doc: Document = document): void {
  const run = () => {
    let root = doc.querySelector('vid-overlay-root');
    const place = doc.querySelector('.header-user') ?? doc.querySelector('header, .header');
    if (!root) {
      root = doc.createElement('vid-overlay-root');
      if (place) place.append(root);
      else doc.body.append(root);
    }
    if (!place || !place.contains(root)) root.setAttribute('floating', '');
  };
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', run, { once: true });
  else run();
}
