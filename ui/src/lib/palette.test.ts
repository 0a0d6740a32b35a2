// WCAG 2.1 AA: normal text needs a contrast ratio of at least 4.5:1, UI component boundaries and
// focus indicators 3:1. This reads both palettes from app.css, so a colour change that breaks
// contrast fails here.
// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../app.css', import.meta.url), 'utf8');

function palette(selector: string): Record<string, string> {
  const start = css.indexOf(selector);
  if (start < 0) throw new Error(`${selector} not found in app.css`);
  const block = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1], m[2]]));
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

// [foreground, background, minimum ratio]
const pairs: [string, string, number][] = [
  ['text', 'bg', 4.5],
  ['text', 'surface', 4.5],
  ['text', 'surface-2', 4.5],
  ['text', 'accent-soft', 4.5],
  ['text', 'danger-soft', 4.5],
  ['text', 'success-soft', 4.5],
  ['text', 'nav-bg', 4.5],
  ['text', 'input-bg', 4.5],
  ['text-muted', 'bg', 4.5],
  ['text-muted', 'surface', 4.5],
  ['text-muted', 'surface-2', 4.5],
  ['accent-strong', 'surface', 4.5],
  ['accent-strong', 'accent-soft', 4.5],
  ['on-accent', 'accent', 4.5],
  ['on-accent', 'accent-strong', 4.5],
  ['danger', 'surface', 4.5],
  ['danger', 'danger-soft', 4.5],
  ['danger', 'bg', 4.5],
  ['success', 'surface', 4.5],
  ['header-text', 'header-bg', 4.5],
  ['header-muted', 'header-bg', 4.5],
  // The header's connection dot is a graphical object: 3:1.
  ['header-online', 'header-bg', 3],
  ['header-offline', 'header-bg', 3],
  ['focus', 'bg', 3],
  ['focus', 'surface', 3],
  ['input-border', 'input-bg', 3],
  ['input-border', 'surface', 3],
  ['warning', 'surface', 3],
  // The demo banner and the contract-expiry/at-risk warnings.
  ['demo-text', 'demo-bg', 4.5],
  ['text', 'warning-soft', 4.5],
  ['warning', 'warning-soft', 3],
  // Request references (links) in the Overview's alert and waiting rows.
  ['accent-strong', 'danger-soft', 4.5],
  ['accent-strong', 'warning-soft', 4.5],
  ['accent-strong', 'surface-2', 4.5],
  // Navigation badges (accent pill with its number) and muted help text on the nav.
  ['on-accent', 'accent', 4.5],
  ['text-muted', 'nav-bg', 4.5],
  // Chart bars and the target line are graphical objects: 3:1 on the card.
  ['accent', 'surface', 3],
  ['danger', 'surface', 3],
  ['text-muted', 'surface', 3],
];

describe.each([
  ['light', ":root[data-theme='light']"],
  ['dark', ":root[data-theme='dark']"],
])('%s palette', (_name, selector) => {
  const colours = palette(selector);

  it.each(pairs)('%s on %s reaches %s:1', (fg, bg, minimum) => {
    const a = colours[fg];
    const b = colours[bg];
    expect(a, `--${fg}`).toBeDefined();
    expect(b, `--${bg}`).toBeDefined();
    expect(contrast(a as string, b as string)).toBeGreaterThanOrEqual(minimum);
  });
});

describe('contrast()', () => {
  it('matches the WCAG reference values', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
