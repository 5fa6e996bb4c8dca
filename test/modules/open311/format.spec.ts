import { expect } from 'chai';
import { duration } from '../../../src/modules/open311/open311.catalog';
import { escapeXml, renderList, renderObject, w3Time } from '../../../src/modules/open311/open311.format';
import { parseXml, xmlAsJson } from '../../support/xml';

describe('Open311 formats', () => {
  it('escapes text for XML and drops characters XML cannot carry, so any text stays a readable document', () => {
    // given: text a person could type, with markup, quotes, entities, a control character and a lone surrogate
    const nasty = `<b>"Tom" & 'Jerry'</b> &amp; \u0007bell \uD800 ok 🙂 王大爷`;
    // when
    const xml = renderList('xml', 'errors', [{ code: 400, description: nasty }]);
    // then
    expect(escapeXml(nasty)).to.equal('&lt;b&gt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&lt;/b&gt; &amp;amp; bell  ok 🙂 王大爷');
    expect(xmlAsJson(parseXml(xml))).to.deep.equal([{ code: '400', description: `<b>"Tom" & 'Jerry'</b> &amp; bell  ok 🙂 王大爷` }]);
  });

  it('writes null as an empty element and as JSON null, lists under their item element', () => {
    const value = { service_code: 'X', attributes: [{ code: 'A', values: [{ key: 1, name: 'one' }] }], group: null };
    expect(renderObject('xml', 'service_definition', value)).to.equal(
      '<?xml version="1.0" encoding="utf-8"?>\n<service_definition><service_code>X</service_code><attributes><attribute><code>A</code><values><value><key>1</key><name>one</name></value></values></attribute></attributes><group/></service_definition>',
    );
    expect(renderObject('json', 'service_definition', value)).to.equal(JSON.stringify(value));
    expect(renderList('xml', 'service_requests', [])).to.equal('<?xml version="1.0" encoding="utf-8"?>\n<service_requests></service_requests>');
    expect(renderList('json', 'service_requests', [])).to.equal('[]');
  });

  it('writes times in the spec\'s w3 format, in UTC to the second', () => {
    expect(w3Time(new Date('2010-04-14T14:37:38.123Z'))).to.equal('2010-04-14T14:37:38Z');
    expect(w3Time(null)).to.equal(null);
  });

  it('says durations in the unit a person would use', () => {
    expect([30, 60, 90, 720, 2879, 2880, 14400].map(duration)).to.deep.equal(['30 min', '1 h', '1.5 h', '12 h', '48 h', '2 d', '10 d']);
  });
});
