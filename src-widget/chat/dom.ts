/**
 * A tiny element builder. Text is only ever set through `textContent`: everything a visitor or an
 * agent wrote is untrusted and must never be parsed as HTML.
 */
type Attrs = Record<string, string | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === null) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** A labelled input for the forms. */
export function field(label: string, input: HTMLInputElement | HTMLTextAreaElement): HTMLLabelElement {
  return h('label', { class: 'field' }, h('span', {}, label), input);
}
