import { describe, expect, it } from 'vitest';
import { originAllowed, safeHost } from '../../../src-hub/channels/chat/origins.js';
import { chatPageCsp } from '../../../src-hub/channels/chat/routes.js';

describe('web chat origins', () => {
  const allowed = ['https://shop.example', 'http://localhost:8080'];

  it('allows the listed websites and the hub itself, nothing else', () => {
    expect(originAllowed('https://shop.example', 'hub.example:5170', allowed)).toBe(true);
    expect(originAllowed('http://localhost:8080', 'hub.example:5170', allowed)).toBe(true);
    expect(originAllowed('http://hub.example:5170', 'hub.example:5170', allowed)).toBe(true);
    expect(originAllowed('https://shop.example.evil.test', 'hub.example:5170', allowed)).toBe(false);
    expect(originAllowed('http://shop.example', 'hub.example:5170', allowed)).toBe(false); // scheme matters
    expect(originAllowed('http://localhost:8081', 'hub.example:5170', allowed)).toBe(false); // port matters
    expect(originAllowed('null', 'hub.example:5170', allowed)).toBe(false);
    expect(originAllowed('garbage', 'hub.example:5170', allowed)).toBe(false);
  });

  it('lets requests without an Origin through (same-origin polling, non-browser clients)', () => {
    expect(originAllowed(undefined, 'hub.example:5170', [])).toBe(true);
  });

  it('puts only well-formed hosts into the chat page CSP', () => {
    expect(safeHost('hub.example:5170')).toBe('hub.example:5170');
    expect(safeHost('[::1]:5170')).toBe('[::1]:5170');
    expect(safeHost("evil; script-src 'unsafe-inline'")).toBeNull();
    expect(chatPageCsp(null, [])).toContain("connect-src 'self';");
    expect(chatPageCsp('hub.example', ['https://shop.example'])).toContain("frame-ancestors 'self' https://shop.example");
  });
});
