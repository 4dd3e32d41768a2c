import { describe, expect, it } from 'vitest';
import { relevant } from './knowledge';

describe('relevant', () => {
  it('keeps the nearest chunks that are at least half as similar as the best, above a floor', () => {
    const near = [
      { id: 'a', score: 0.62 },
      { id: 'b', score: 0.4 },
      { id: 'c', score: 0.2 },
    ];
    expect(relevant(near).map((r) => r.id)).toEqual(['a', 'b']);
    // However near the nearest is, unrelated text stays out.
    expect(relevant([{ id: 'x', score: 0.04 }])).toEqual([]);
  });
});
