/**
 * GeoReport v2's two formats. JSON follows the spec's "Spark convention": the root is the list
 * itself. XML wraps the list in its root element and each entry in an element named for one item;
 * nested lists (a definition's attributes and their values) the same way. Null is `null` in JSON and
 * an empty element in XML, as in the spec's examples.
 */

export type Format = 'json' | 'xml';

export type Value = string | number | boolean | null | Fields | Value[];
/** An object whose keys keep the order they are written in (the spec's field order). */
export interface Fields {
  [field: string]: Value;
}

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The element of one item of each list, by the list's element. */
const ITEM_ELEMENT: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
};

/** A list document, e.g. `services` of `service`: `[...]` in JSON, `<services><service>…` in XML. */
export function renderList(format: Format, root: keyof typeof ITEM_ELEMENT, items: Fields[]): string {
  if (format === 'json') return JSON.stringify(items);
  return `${XML_DECLARATION}${element(root, items)}`;
}

/** A single-object document (the service definition): the object in JSON, its element in XML. */
export function renderObject(format: Format, root: string, value: Fields): string {
  if (format === 'json') return JSON.stringify(value);
  return `${XML_DECLARATION}${element(root, value)}`;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

function element(name: string, value: Value): string {
  if (value === null || value === '') return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_ELEMENT[name];
    if (!item) throw new Error(`no item element for the list ${name}`);
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value).map(([key, v]) => element(key, v)).join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

// Characters XML 1.0 cannot carry at all (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/U+FFFF).
// Text typed by people can hold them; they are dropped rather than producing a document no parser reads.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text content escaped for XML: the five predefined entities, and characters XML forbids removed. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The spec's "w3 format" in UTC, to the second: 2010-01-01T00:00:00Z. */
export function w3Time(at: Date | null): string | null {
  return at ? at.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}
