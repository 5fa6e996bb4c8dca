/**
 * A strict reader for the XML GeoReport documents are made of: a declaration, then elements
 * without attributes holding elements or text with the five predefined entities. Anything else
 * (a stray `<` or `&`, an unclosed or mismatched tag, a control character) fails the test.
 */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

const DECLARATION = /^<\?xml version="1\.0" encoding="utf-8"\?>\s*/;
const TOKEN = /<(\/?)([A-Za-z_][\w.-]*)(\/?)>|([^<]+)/gy;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(document: string): XmlElement {
  const declaration = DECLARATION.exec(document);
  if (!declaration) throw new Error(`no XML declaration: ${document.slice(0, 80)}`);
  const body = document.slice(declaration[0].length).trimEnd();
  const root: XmlElement = { name: '#document', children: [], text: '' };
  const stack = [root];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < body.length) {
    const at = TOKEN.lastIndex;
    const token = TOKEN.exec(body);
    if (!token) throw new Error(`not well-formed at ${at}: ${body.slice(at, at + 40)}`);
    const [, closing, name, selfClosing, text] = token;
    const top = stack[stack.length - 1];
    if (text !== undefined) {
      if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text)) throw new Error('control character in text');
      top.text += decodeEntities(text);
    } else if (closing) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
    } else {
      const element = { name, children: [], text: '' };
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length !== 1 || root.children.length !== 1) throw new Error('unbalanced document');
  return root.children[0];
}

function decodeEntities(text: string): string {
  return text.replace(/&([a-z]+);|&/g, (whole, name: string | undefined) => {
    if (!name || !(name in ENTITIES)) throw new Error(`bare or unknown entity: ${whole}`);
    return ENTITIES[name];
  });
}

/** Elements whose children are a list (GeoReport's plural elements). */
const LISTS = new Set(['services', 'service_requests', 'errors', 'attributes', 'values']);

/**
 * The XML as the JSON it should mirror, with every value as text: what `asText` makes of the
 * JSON answer of the same request. Lists are arrays, other elements objects or text.
 */
export function xmlAsJson(element: XmlElement): unknown {
  if (LISTS.has(element.name)) return element.children.map((child) => xmlAsJson(child));
  if (element.children.length === 0) return element.text.trim() === '' ? '' : element.text;
  return Object.fromEntries(element.children.map((child) => [child.name, xmlAsJson(child)]));
}

/** JSON with its scalars as XML would carry them: null as empty, numbers and booleans as text. */
export function asText(value: unknown): unknown {
  if (value === null) return '';
  if (Array.isArray(value)) return value.map(asText);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, asText(v)]));
  return String(value);
}
