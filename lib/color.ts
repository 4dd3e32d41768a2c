/** A colour as `#rrggbb`, from `#rgb`, `#rrggbb`, `rgb` or `rrggbb` (any case); null otherwise. */
export function normalizeHex(value: string | null | undefined): string | null {
  const match = /^#?([\da-f]{6}|[\da-f]{3})$/i.exec(value?.trim() ?? '');
  if (!match) return null;
  const hex = match[1].length === 3 ? match[1].replace(/./g, '$&$&') : match[1];
  return `#${hex.toLowerCase()}`;
}

/** WCAG 2 relative luminance of a `#rrggbb` colour, 0 (black) to 1 (white). */
export function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const c = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2 contrast ratio between two `#rrggbb` colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever contrasts more with the background (ties go to white). */
export function readableTextColor(background: string): '#000000' | '#ffffff' {
  return contrastRatio(background, '#000000') > contrastRatio(background, '#ffffff') ? '#000000' : '#ffffff';
}

/** The chat's accent for a site colour (`?color=` on the embed page), or null to keep the theme's. */
export function accentColors(value: string | null | undefined): { accent: string; contrast: string } | null {
  const accent = normalizeHex(value);
  return accent ? { accent, contrast: readableTextColor(accent) } : null;
}
