import { describe, expect, it } from 'vitest';
import { fillCannedResponse, findOrderNumber, hashtagsOf, mentionsOf, MAX_TAGS, withTags } from '../../../src-shared/index.js';

const staff = [
  { id: 'a', name: 'Anna Agent' },
  { id: 'b', name: 'Ben Agent' },
  { id: 'k', name: 'Sandra Köhler' },
  { id: 's', name: 'Sandra Smith' },
];

describe('hashtagsOf', () => {
  it('reads word-initial hashtags, lower-cased and distinct, skipping numbers, entities and URL fragments', () => {
    expect(hashtagsOf('#Refund #refund #VIP-kunde, #12345 &#39; https://x.test/a#top #Größe')).toEqual(['refund', 'vip-kunde', 'größe']);
  });
  it('caps the tags of a conversation', () => {
    const many = Array.from({ length: 30 }, (_, i) => `t${i}`);
    expect(withTags(['a'], many)).toHaveLength(MAX_TAGS);
  });
});

describe('mentionsOf', () => {
  it('matches full names and unique first names at word boundaries', () => {
    expect(mentionsOf('@anna agent and @Ben', staff)).toEqual(['a', 'b']);
    expect(mentionsOf('@Sandra please', staff)).toEqual([]); // two Sandras: ambiguous
    expect(mentionsOf('@Sandra Köhler please', staff)).toEqual(['k']);
    expect(mentionsOf('@Ann, @Benjamin, mail ben@x.test', staff)).toEqual([]);
  });
});

describe('canned response variables', () => {
  it('fills known values and leaves unknown ones visible', () => {
    expect(fillCannedResponse('Hi {{customer.name}}, order {{ order.number }} — {{agent.name}}', { 'customer.name': 'Jo', 'agent.name': ' ' })).toBe(
      'Hi Jo, order {{order.number}} — {{agent.name}}',
    );
  });
  it('finds the latest order number a customer wrote, not phone numbers or amounts', () => {
    expect(findOrderNumber(['My order #A-12345 is late', 'Call me at 030 1234567, I paid 49.99'])).toBe('A-12345');
    expect(findOrderNumber(['Bestellnummer: 884422', 'Bestellung Nr. 99887766 auch'])).toBe('99887766');
    expect(findOrderNumber(['Call 0301234567'])).toBeNull();
  });
});
