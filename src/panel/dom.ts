// A small helper to build elements without innerHTML: text is always set as text, so
// names from the experiment file can never become markup.

type Child = Node | string | number | false | null | undefined;
type Attributes = Record<string, string | number | boolean | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes?: Attributes, ...children: Child[]): HTMLElementTagNameMap[K];
export function el(tag: string, attributes?: Attributes, ...children: Child[]): HTMLElement;
export function el(tag: string, attributes: Attributes = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function clear(element: Element): void {
  while (element.firstChild) element.removeChild(element.firstChild);
}

/** Replaces the children of an element. */
export function replaceChildren(element: Element, ...children: Child[]): void {
  clear(element);
  append(element, ...children);
}

/** A section of the panel: a native <details> (keyboard and screen-reader friendly) with a heading. */
export function section(id: string, title: string, open = true): { root: HTMLDetailsElement; body: HTMLElement; note: HTMLElement } {
  const note = el('span', { class: 'rx-section-note' });
  const body = el('div', { class: 'rx-section-body' });
  const root = el('details', { class: 'rx-section', id, open }, el('summary', {}, el('h2', {}, title), note), body);
  return { root, body, note };
}
