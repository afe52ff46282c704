// The console's look, written for the stand-in: what the tests depend on is the behaviour of the
// editor 2.0.8's stylesheet, not its text. The sidebar is a 52 px column of group icons; a group's
// label and items show only once `#sidebar.expanded` (toggleGroup) and the group is not
// `.collapsed`; anything placed in `#sidebar` outside a group gets no visible box while collapsed.
// At <= 768 px the header stacks, the sidebar moves off-canvas until `.open`, and a round button
// bottom-left opens it.

export const CONSOLE_CSS = `
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, sans-serif; background: #1f1f1f; color: #e5e5e5; }
.header { position: relative; min-height: 110px; padding: 20px 30px; color: #fff; text-align: center;
  background: linear-gradient(135deg, #1e3a8a, #1e293b); }
.header h1 { margin: 0 0 4px; font-size: 1.6rem; }
.header p { margin: 0; opacity: .85; }
.header-logo { position: absolute; top: 50%; left: 25px; transform: translateY(-50%); }
.header-logo img { max-height: 60px; max-width: 120px; display: none; }
.header-badges { position: absolute; top: 15px; right: 30px; display: flex; align-items: center; gap: 10px; }
.header-badges > span { padding: 6px 12px; border-radius: 5px; font-size: 14px; background: rgba(0,0,0,.35); }
.header-user { position: absolute; bottom: 15px; right: 30px; display: flex; align-items: center; gap: 15px; }
.header-user a { color: #fff; text-decoration: none; padding: 8px 15px; background: rgba(0,0,0,.35); border-radius: 5px; }
.material-symbols-outlined { font-family: 'Material Symbols Outlined'; font-weight: normal; font-style: normal;
  line-height: 1; letter-spacing: normal; text-transform: none; white-space: nowrap; direction: ltr;
  font-feature-settings: 'liga'; -webkit-font-smoothing: antialiased; vertical-align: middle; }
.header-user .material-symbols-outlined { font-size: 18px; margin-right: 4px; }

#password-modal { display: none; position: fixed; inset: 0; background: rgba(0,0,0,.7); z-index: 10000;
  align-items: center; justify-content: center; }
#password-modal form { background: #2d2d2d; padding: 30px; border-radius: 12px; width: 100%; max-width: 400px; }

.app-layout { display: flex; min-height: calc(100vh - 200px); }
.sidebar { width: 52px; min-width: 52px; background: #1a1a1a; padding: 8px 0; overflow: hidden; position: relative; z-index: 100; }
.sidebar.expanded { width: 220px; min-width: 220px; }
.sidebar-expand-btn { display: none; }
.sidebar-group { margin-bottom: 4px; }
.sidebar-group-label { display: flex; align-items: center; justify-content: center; padding: 14px 0;
  color: #aaa; white-space: nowrap; overflow: hidden; cursor: pointer; }
.sidebar-group-label .sidebar-icon { min-width: 49px; text-align: center; }
.sidebar-group-label .sidebar-icon .material-symbols-outlined { font-size: 28px; }
.sidebar-group-label .sidebar-label, .sidebar-group-label .group-arrow { display: none; }
.sidebar.expanded .sidebar-group-label { justify-content: flex-start; padding: 10px 12px 10px 0; font-size: 14px; font-weight: 600; }
.sidebar.expanded .sidebar-group-label .sidebar-icon { min-width: 32px; }
.sidebar.expanded .sidebar-group-label .sidebar-icon .material-symbols-outlined { font-size: 20px; }
.sidebar.expanded .sidebar-group-label .sidebar-label { display: inline; }
.sidebar.expanded .sidebar-group-label .group-arrow { display: inline-block; margin-left: auto; font-size: 10px; }
.sidebar-group:not(.collapsed) .group-arrow { transform: rotate(90deg); }
.sidebar-group:not(.collapsed) > .sidebar-group-label { color: #60a5fa; }
.sidebar-group-items { overflow: hidden; max-height: 0; }
.sidebar.expanded .sidebar-group:not(.collapsed) .sidebar-group-items { max-height: 500px; }
.sidebar-item { display: none; width: 100%; padding: 8px 16px 8px 28px; background: none; border: 0;
  border-left: 3px solid transparent; color: #bbb; font-size: 13px; text-align: left; cursor: pointer; white-space: nowrap; }
.sidebar.expanded .sidebar-item { display: flex; }
.sidebar-item.active { color: #60a5fa; border-left-color: #60a5fa; background: #252525; }
.sidebar-badge { background: #b91c1c; color: #fff; border-radius: 50%; padding: 1px 6px; font-size: 11px; margin-left: 6px; }
.sidebar-overlay { display: none; position: fixed; inset: 0; background: rgba(0,0,0,.5); z-index: 99; }
.sidebar-overlay.open { display: block; }

.main-content { flex: 1; min-width: 0; }
.content { padding: 30px; background: #2d2d2d; }
.tab-content { display: none; }
.tab-content.active { display: block; }
.alert { border-left: 4px solid #ef4444; padding: .75rem; margin-bottom: 1rem; }
#streams-container table { width: 100%; border-collapse: collapse; margin-top: 20px; }
#streams-container th, #streams-container td { padding: 12px; text-align: left; border-bottom: 1px solid #4a4a4a; }
.watch-stream-btn { background: #166534; color: #fff; border: 0; border-radius: 4px; padding: 8px 16px; cursor: pointer; }
.share-link-btn { background: #1d4ed8; color: #fff; border: 0; border-radius: 4px; padding: 8px 16px; cursor: pointer; }
.share-mode-badge { margin-left: 8px; padding: 2px 8px; font-size: 11px; font-weight: bold; border: 0; border-radius: 4px; color: #fff; cursor: pointer; }
.share-mode-badge[data-mode="public"] { background: #166534; }
.share-mode-badge[data-mode="private"] { background: #b91c1c; }

@media (max-width: 768px) {
  .header { display: flex; flex-direction: column; align-items: center; padding: 15px 10px; min-height: auto; }
  .header-logo, .header-badges, .header-user { position: static; transform: none; margin-top: 10px; justify-content: center; }
  .sidebar { position: fixed; top: 0; left: -260px; width: 250px; min-width: 250px; height: 100vh; padding-top: 20px; }
  .sidebar.open { left: 0; }
  .sidebar.expanded { width: 250px; min-width: 250px; }
  .sidebar-mobile-btn { display: block !important; position: fixed; bottom: 20px; left: 20px; z-index: 9999;
    width: 50px; height: 50px; border-radius: 50%; border: 0; background: #1d4ed8; color: #fff; font-size: 24px; cursor: pointer; }
  .content { padding: 15px 10px; }
}
`;
