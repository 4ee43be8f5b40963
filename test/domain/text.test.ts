import fc from 'fast-check';
import { fitsCharacters } from '../../service/src/domain/text';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const counted = (text: string) => [...graphemes.segment(text)].length;

describe('fitsCharacters', () => {
  it('agrees with counting grapheme clusters, for any text and limit', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 45 }), (value, max) => {
        expect(fitsCharacters(value, max)).toBe(counted(value) <= max);
      }),
      { numRuns: 2000 },
    );
  });

  it('counts an emoji family as one character, though it is eleven UTF-16 units', () => {
    const family = '👨‍👩‍👧‍👦';
    expect(family.length).toBe(11);
    expect(fitsCharacters(family.repeat(3), 3)).toBe(true);
    expect(fitsCharacters(family.repeat(4), 3)).toBe(false);
  });
});
