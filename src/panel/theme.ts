// The theme's colours, read from the --vscode-* variables VS Code sets on the page, and a
// watcher that reports a theme switch (VS Code changes the body's class and the variables
// in the html element's style) so canvases and charts are redrawn in the new colours.
import { type DivergingScale, type Rgba, luminance, mix, over, parseColor, toCss } from './color-scale';
import type { ClassPalette } from './plane-colors';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Theme {
  kind: ThemeKind;
  highContrast: boolean;
  background: Rgba;
  foreground: Rgba;
  /** Secondary text (axis titles, notes). */
  muted: Rgba;
  /** Grid lines and axis borders. */
  grid: Rgba;
  /** Border of cells and outlines in high contrast; undefined when the theme has none. */
  contrastBorder?: Rgba;
  focus: Rgba;
  error: Rgba;
  /** One colour per variant, in order. */
  variants: string[];
  /** The loss series. */
  loss: { train: string; test: string; penalty: string; total: string };
  /** One colour per layer. */
  layers: string[];
  heat: DivergingScale;
  /** The decision boundary's classes: Playground's orange (class 0) and blue (class 1) first. */
  classes: ClassPalette;
  fontFamily: string;
  fontSize: number;
}

const fallback = {
  dark: { bg: '#1f1f1f', fg: '#cccccc', blue: '#3794ff', red: '#f14c4c', green: '#89d185', yellow: '#cca700', orange: '#d18616', purple: '#b180d7' },
  light: { bg: '#ffffff', fg: '#3b3b3b', blue: '#1a85ff', red: '#e51400', green: '#388a34', yellow: '#bf8803', orange: '#d18616', purple: '#652d90' },
};

export function themeKind(body: Element): ThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  return 'dark';
}

let probe: HTMLElement | undefined;

/** The computed colour of a CSS variable (any syntax the theme uses), or the fallback. */
function cssColor(variable: string, fallbackColor: string): Rgba {
  if (!probe) {
    probe = document.createElement('span');
    probe.setAttribute('aria-hidden', 'true');
    probe.style.display = 'none';
    document.body.appendChild(probe);
  }
  probe.style.color = '';
  probe.style.color = `var(${variable}, ${fallbackColor})`;
  return parseColor(getComputedStyle(probe).color) ?? parseColor(fallbackColor)!;
}

function cssValue(variable: string, fallbackValue: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(variable).trim() || getComputedStyle(document.body).getPropertyValue(variable).trim();
  return value || fallbackValue;
}

export function readTheme(): Theme {
  const kind = themeKind(document.body);
  const highContrast = kind === 'high-contrast' || kind === 'high-contrast-light';
  const f = kind === 'light' || kind === 'high-contrast-light' ? fallback.light : fallback.dark;
  const background = over(cssColor('--vscode-editor-background', f.bg), parseColor(f.bg)!);
  const foreground = over(cssColor('--vscode-editor-foreground', f.fg), background);
  const hex = (name: string, fb: string) => toCss(over(cssColor(name, fb), background));
  const blue = hex('--vscode-charts-blue', f.blue);
  const red = hex('--vscode-charts-red', f.red);
  const green = hex('--vscode-charts-green', f.green);
  const yellow = hex('--vscode-charts-yellow', f.yellow);
  const orange = hex('--vscode-charts-orange', f.orange);
  const purple = hex('--vscode-charts-purple', f.purple);
  const border = cssColor('--vscode-contrastBorder', 'transparent');
  const contrastBorder = highContrast && border[3] > 0 ? border : undefined;
  const dark = luminance(background) < 0.4;
  // Zero is a quiet grey just off the background, so empty cells still read as cells.
  const neutral = mix(background, foreground, highContrast ? 0.16 : dark ? 0.1 : 0.07);
  return {
    kind,
    highContrast,
    background,
    foreground,
    muted: over(cssColor('--vscode-descriptionForeground', toCss(mix(background, foreground, 0.7))), background),
    grid: over(cssColor('--vscode-charts-lines', toCss(mix(background, foreground, 0.25))), background),
    ...(contrastBorder ? { contrastBorder } : {}),
    focus: cssColor('--vscode-focusBorder', f.blue),
    error: over(cssColor('--vscode-errorForeground', f.red), background),
    variants: [blue, orange, green, purple, red, yellow],
    loss: { train: blue, test: orange, penalty: purple, total: toCss(foreground) },
    layers: [blue, orange, green, purple, red, yellow],
    heat: {
      negative: parseColor(blue)!,
      neutral,
      positive: parseColor(red)!,
    },
    classes: {
      classes: [orange, blue, green, purple, red, yellow].map((c) => parseColor(c)!),
      // The plane's undecided middle is the background itself, as Playground's white.
      neutral: mix(background, foreground, highContrast ? 0.08 : 0.03),
    },
    fontFamily: cssValue('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(cssValue('--vscode-font-size', '13px')) || 13,
  };
}

/** Calls `onChange` with the new theme after a theme switch; returns a function that stops watching. */
export function watchTheme(onChange: (theme: Theme) => void): () => void {
  let pending = 0;
  const fire = () => {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      onChange(readTheme());
    });
  };
  const observer = new MutationObserver(fire);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind', 'data-vscode-theme-id'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}
