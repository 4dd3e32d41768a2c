import { describe, expect, it } from 'vitest';
import { anyWordQuery, fuse, VectorMatrix } from './rank';

describe('anyWordQuery', () => {
  it('keeps only words, drops English filler, and splits CJK into characters', () => {
    expect(anyWordQuery('How long does the Zephyr warranty last?')).toBe('long | zephyr | warranty | last');
    expect(anyWordQuery("x') | !zephyr & :* <->")).toBe('zephyr');
    expect(anyWordQuery('保修期')).toBe('保 | 修 | 期');
    expect(anyWordQuery('?? !!')).toBeNull();
  });
});

describe('fuse', () => {
  it('ranks a chunk found by both lists above chunks found by one', () => {
    const fused = fuse(
      [
        [
          { id: 'a', score: 9 },
          { id: 'b', score: 8 },
        ],
        [
          { id: 'c', score: 0.9 },
          { id: 'b', score: 0.8 },
        ],
      ],
      3,
    );
    expect(fused.map((r) => r.id)).toEqual(['b', 'a', 'c']);
  });
});

describe('VectorMatrix', () => {
  it('finds the nearest rows by cosine similarity, whatever their length', () => {
    const m = new VectorMatrix(2, [
      { id: 'east', embedding: [10, 0] },
      { id: 'north', embedding: [0, 1] },
      { id: 'northeast', embedding: [3, 3] },
      { id: 'wrong-length', embedding: [1, 1, 1] },
    ]);
    expect(m.nearest([0.1, 1], 2).map((r) => r.id)).toEqual(['north', 'northeast']);
    expect(m.ids).not.toContain('wrong-length');
  });
});
