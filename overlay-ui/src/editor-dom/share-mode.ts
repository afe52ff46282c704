/**
 * The editor's `button.share-mode-badge` ("Private"/"Public", `data-mode` private|public) is a
 * stream's link-sharing mode: a share link carries an expiring token, or is one static /watch/
 * address. Beside our group chips it reads as if it said who may see the stream, so in directory
 * mode it is labelled as being about links, and only admins can switch it (the editor's own click
 * handler does the switching; the overlay's route table refuses POST /api/share-mode to viewers).
 */

export const SHARE_MODE_LABELS = { private: 'Links: token', public: 'Links: public' } as const;

const EXPLAINED = {
  private: 'Share links for this stream carry their own token and expire.',
  public: 'Share links for this stream are one static /watch/ address.',
} as const;
const NOT_VISIBILITY = 'This is about links only: who can see the stream here is decided by its groups.';

/** Relabels every share-mode badge in `container` (again after each rebuild); touches the DOM only on a change. */
export function relabelShareModes(container: ParentNode, canToggle: boolean): void {
  for (const badge of container.querySelectorAll<HTMLButtonElement>('button.share-mode-badge')) {
    const mode = badge.getAttribute('data-mode') === 'public' ? 'public' : 'private';
    const label = SHARE_MODE_LABELS[mode];
    const title = `${EXPLAINED[mode]} ${NOT_VISIBILITY}${canToggle ? ' Click to switch between token and public links.' : ''}`;
    if (badge.textContent !== label) badge.textContent = label;
    if (badge.title !== title) badge.title = title;
    if (!canToggle && !badge.disabled) {
      badge.disabled = true;
      badge.style.cursor = 'default';
    }
  }
}
