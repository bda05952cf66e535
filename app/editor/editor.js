// The code cells' editor: CodeMirror 6, bundled by esbuild into `editor.js` at build time
// (`make site`) and loaded by the first cell on a page. The app drives it through
// `window.mlIntroEditor` (see app/src/cells/editor.rs).
import { EditorView, basicSetup } from 'codemirror';
import { keymap } from '@codemirror/view';
import { Prec } from '@codemirror/state';
import { javascript } from '@codemirror/lang-javascript';
import { setDiagnostics } from '@codemirror/lint';

window.mlIntroEditor = {
  /** An editor in `parent` holding `text`; Ctrl/Cmd+Enter calls `onRun`, edits `onChange`. */
  create(parent, text, label, onRun, onChange) {
    const run = Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => { onRun(); return true; } }]));
    const changes = EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange(update.state.doc.toString());
    });
    return new EditorView({
      doc: text,
      parent,
      // Rhai reads like JavaScript: `let`, `fn`, braces, and `${}` in backtick strings.
      extensions: [basicSetup, javascript(), run, changes,
        EditorView.contentAttributes.of({ 'aria-label': label })],
    });
  },
  setText(view, text) {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  },
  /** Marks the character at 1-based `line` and `column` (clamped into the text). */
  markError(view, line, column, message) {
    const doc = view.state.doc;
    const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
    const from = Math.min(at.from + Math.max(column - 1, 0), Math.max(at.to - 1, at.from));
    const to = Math.min(from + 1, doc.length);
    view.dispatch(setDiagnostics(view.state, [{ from, to, severity: 'error', message }]));
  },
  clearErrors(view) {
    view.dispatch(setDiagnostics(view.state, []));
  },
  destroy(view) {
    view.destroy();
  },
};
