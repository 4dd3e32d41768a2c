import { describe, expect, it } from 'vitest';
import { accentColors, contrastRatio, normalizeHex, readableTextColor, relativeLuminance } from './color';

describe('normalizeHex', () => {
  it('accepts three and six digits, with or without #, in any case', () => {
    expect(normalizeHex('#0A7')).toBe('#00aa77');
    expect(normalizeHex('0a7')).toBe('#00aa77');
    expect(normalizeHex('#4338CA')).toBe('#4338ca');
    expect(normalizeHex(' 4338ca ')).toBe('#4338ca');
  });
  it('rejects anything else', () => {
    for (const value of ['', null, undefined, 'red', '#12345', '#1234567', 'url(x)', '#ggg', '4338ca;}']) {
      expect(normalizeHex(value)).toBeNull();
    }
  });
});

describe('contrast', () => {
  it('follows WCAG 2 for the extremes', () => {
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 10);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 10);
  });
  it('matches known ratios', () => {
    // WebAIM's checker: #767676 on white is 4.54:1, the lightest grey that passes AA.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#4338ca', '#ffffff')).toBeCloseTo(7.9, 1);
  });
  it('picks the text colour with the higher contrast', () => {
    expect(readableTextColor('#4338ca')).toBe('#ffffff');
    expect(readableTextColor('#000000')).toBe('#ffffff');
    expect(readableTextColor('#ffffff')).toBe('#000000');
    expect(readableTextColor('#ffcc00')).toBe('#000000');
    expect(readableTextColor('#e11d48')).toBe('#ffffff');
    // Mid grey: black gives 5.3:1, white only 3.9:1.
    expect(readableTextColor('#808080')).toBe('#000000');
  });
  it('never picks a text colour below 4.5:1 when the other one would pass', () => {
    for (let i = 0; i < 4096; i++) {
      const hex = `#${i.toString(16).padStart(3, '0').replace(/./g, '$&$&')}`;
      const ink = readableTextColor(hex);
      const other = ink === '#000000' ? '#ffffff' : '#000000';
      expect(contrastRatio(hex, ink)).toBeGreaterThanOrEqual(contrastRatio(hex, other));
    }
  });
});

describe('accentColors', () => {
  it('gives the accent and its readable text colour', () => {
    expect(accentColors('0a7')).toEqual({ accent: '#00aa77', contrast: '#000000' });
    expect(accentColors('1d4ed8')).toEqual({ accent: '#1d4ed8', contrast: '#ffffff' });
  });
  it('keeps the theme for a missing or invalid colour', () => {
    expect(accentColors(undefined)).toBeNull();
    expect(accentColors('javascript:alert(1)')).toBeNull();
  });
});
