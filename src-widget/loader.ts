/**
 * `widget.js`: the script tag websites embed.
 *
 *   <script src="https://hub.example.com/chat/widget.js" data-widget="WIDGET_KEY" async></script>
 *
 * It adds a launcher button and, when opened, an iframe with the hub's chat page. The iframe is
 * the isolation: the chat runs on the hub's origin, so the host page's scripts cannot read the
 * conversation or the visitor token, and its CSS cannot reach inside. The launcher sits in a shadow
 * root with inline styles set through the CSSOM, which the host page's CSS does not reach and a
 * strict host CSP (no inline <style>) still allows.
 */

interface LoaderWindow extends Window {
  switchboardChatLoaded?: boolean;
}

const FRAME_MESSAGE_CLOSE = 'switchboard-chat:close';

function styled<K extends keyof HTMLElementTagNameMap>(tag: K, styles: Record<string, string>): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(styles)) element.style.setProperty(name, value, 'important');
  return element;
}

function start(script: HTMLScriptElement): void {
  const hub = new URL(script.src).origin;
  const key = script.dataset.widget ?? '';
  const colour = /^#[0-9a-f]{3,8}$/i.test(script.dataset.color ?? '') ? script.dataset.color! : '#1f5fbf';

  const host = document.createElement('switchboard-chat');
  host.style.setProperty('all', 'initial', 'important');
  host.style.setProperty('position', 'fixed', 'important');
  host.style.setProperty('right', '20px', 'important');
  host.style.setProperty('bottom', '20px', 'important');
  host.style.setProperty('z-index', '2147483000', 'important');
  const root = host.attachShadow({ mode: 'open' });

  const launcher = styled('button', {
    width: '60px',
    height: '60px',
    'border-radius': '30px',
    border: 'none',
    background: colour,
    color: '#fff',
    'font': '600 14px system-ui, sans-serif',
    cursor: 'pointer',
    'box-shadow': '0 4px 14px rgba(0,0,0,.25)',
    display: 'block',
    'margin-left': 'auto',
  });
  launcher.type = 'button';
  launcher.textContent = 'Chat';
  launcher.setAttribute('aria-label', 'Open chat');
  launcher.setAttribute('aria-expanded', 'false');

  let frame: HTMLIFrameElement | null = null;
  const panel = styled('div', {
    display: 'none',
    width: 'min(380px, calc(100vw - 40px))',
    height: 'min(560px, calc(100vh - 110px))',
    'margin-bottom': '12px',
    'border-radius': '12px',
    overflow: 'hidden',
    'box-shadow': '0 8px 30px rgba(0,0,0,.3)',
    background: '#fff',
  });

  const setOpen = (open: boolean) => {
    if (open && !frame) {
      frame = styled('iframe', { width: '100%', height: '100%', border: '0', display: 'block' });
      frame.title = 'Chat';
      // Scripts and its own origin's storage (the visitor token), nothing else: no top navigation, no popups.
      frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms');
      frame.src = `${hub}/chat?widget=${encodeURIComponent(key)}&embed=1`;
      panel.append(frame);
    }
    panel.style.setProperty('display', open ? 'block' : 'none', 'important');
    launcher.textContent = open ? '×' : 'Chat';
    launcher.setAttribute('aria-label', open ? 'Close chat' : 'Open chat');
    launcher.setAttribute('aria-expanded', String(open));
  };
  launcher.addEventListener('click', () => setOpen(launcher.getAttribute('aria-expanded') !== 'true'));

  // Only the chat frame itself may close the panel.
  window.addEventListener('message', (event) => {
    if (event.origin !== hub || !frame || event.source !== frame.contentWindow) return;
    if ((event.data as { type?: unknown } | null)?.type === FRAME_MESSAGE_CLOSE) setOpen(false);
  });

  root.append(panel, launcher);
  document.body.append(host);
}

(() => {
  const w = window as LoaderWindow;
  const script = document.currentScript;
  if (w.switchboardChatLoaded || !(script instanceof HTMLScriptElement) || !script.src) return;
  w.switchboardChatLoaded = true;
  if (document.body) start(script);
  else document.addEventListener('DOMContentLoaded', () => start(script), { once: true });
})();
