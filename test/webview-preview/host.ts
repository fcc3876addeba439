// The fake VS Code host of the preview page: provides acquireVsCodeApi, applies a theme's
// --vscode-* variables and body class the way VS Code does, and, once the panel says
// 'ready', posts the chosen scenario's messages (structured-cloned, typed arrays intact).
// Bundled by preview.ts into test-artifacts/webview-preview/host.js.
import type { HostToPanel, PanelToHost } from '../../src/panel/protocol';
import { themes, type PreviewTheme } from './themes';

interface Preview {
  posted: PanelToHost[];
  violations: string[];
  errors: string[];
  done: boolean;
  setTheme(name: PreviewTheme): void;
  post(message: HostToPanel): void;
}

declare global {
  interface Window {
    regxPreviewData: Record<string, HostToPanel[]>;
    regxPreview: Preview;
    acquireVsCodeApi(): { postMessage(message: PanelToHost): void; getState(): unknown; setState(state: unknown): void };
  }
}

const query = new URLSearchParams(location.search);
const scenario = query.get('scenario') ?? 'results';
const delay = Number(query.get('delay') ?? 20);
let saved: unknown;
let applied: string[] = [];

const preview: Preview = {
  posted: [],
  violations: [],
  errors: [],
  done: false,
  setTheme(name) {
    const theme = themes[name];
    const root = document.documentElement;
    for (const key of applied) root.style.removeProperty(key);
    for (const [key, value] of Object.entries(theme.vars)) root.style.setProperty(key, value);
    applied = Object.keys(theme.vars);
    document.body.className = theme.bodyClass;
    document.body.setAttribute('data-vscode-theme-kind', theme.kind);
  },
  post(message) {
    window.postMessage(message, '*');
  },
};
window.regxPreview = preview;

document.addEventListener('securitypolicyviolation', (e) => preview.violations.push(`${e.violatedDirective}: ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
window.addEventListener('error', (e) => preview.errors.push(String(e.message)));

preview.setTheme((query.get('theme') ?? 'dark') as PreviewTheme);

// Tasks over 50 ms while the scenario plays: what would make the panel feel stuck.
const longTasks: number[] = [];
(window as unknown as { regxLongTasks: number[] }).regxLongTasks = longTasks;
try {
  new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration))).observe({ type: 'longtask', buffered: false });
} catch {
  // no longtask timing in this browser
}

async function play(): Promise<void> {
  const messages = window.regxPreviewData[scenario] ?? [];
  for (const message of messages) {
    preview.post(message);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  // Two frames and the live redraw interval, so the last batch is drawn.
  await new Promise((resolve) => setTimeout(resolve, 400));
  preview.done = true;
}

window.acquireVsCodeApi = () => ({
  postMessage(message) {
    preview.posted.push(message);
    if (message.type === 'ready') void play();
  },
  getState: () => saved,
  setState(state) {
    saved = state;
  },
});
