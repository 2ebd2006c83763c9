// Entry point for the playground shell: renders one screen of a flow.json the way the WhatsApp client
// does and reports the user's actions. See README.md beside this file for the API and the selectors.

import { createBindingContext, resolve, resolveBoolean, resolvePayload, resolveText, versionAtLeast, ExpressionError } from './binding.js';
import { h, problemBox, unsupported } from './dom.js';
import { Scope } from './scope.js';
import { components as text } from './text.js';
import { components as inputs } from './inputs.js';
import { components as selection } from './selection.js';
import { components as dates } from './dates.js';
import { components as media } from './media.js';
import { components as navigation } from './navigation.js';
import { components as conditional } from './layout/conditional.js';

const COMPONENTS = { ...text, ...inputs, ...selection, ...dates, ...media, ...navigation, ...conditional };

/** The component types this renderer draws; anything else shows "Unsupported component: <type>". */
export const SUPPORTED_COMPONENTS = Object.freeze(Object.keys(COMPONENTS).sort());

/**
 * Renders `screenId` of `flowJson` into `container` (replacing its content) and returns a controller.
 * Options: flowJson (object or text), screenId (default: the first screen), data (the screen's data),
 * formState (values to restore, by input name), screenHistory ([{screenId, data, formState}] of the
 * screens before this one, oldest first), onAction(event) and onFilesPicked(request).
 */
export function renderScreen(container, options) {
  const view = new ScreenView(container, options);
  view.render();
  return view.controller();
}

/** Nothing chosen or typed: what a required input refuses (an unticked OptIn is false). */
function isEmpty(value) {
  return value === undefined || value === null || value === '' || value === false || (Array.isArray(value) && value.length === 0);
}

class ScreenView {
  constructor(container, options = {}) {
    this.container = container;
    this.flow = typeof options.flowJson === 'string' ? JSON.parse(options.flowJson) : options.flowJson;
    if (!this.flow || !Array.isArray(this.flow.screens) || this.flow.screens.length === 0) {
      throw new Error('flowJson must be a Flow JSON object with a non-empty "screens" list');
    }
    const screenId = options.screenId ?? this.flow.screens[0].id;
    this.screen = this.flow.screens.find((s) => s.id === screenId);
    if (!this.screen) {
      throw new Error(`Screen ${screenId} is not in the Flow JSON (screens: ${this.flow.screens.map((s) => s.id).join(', ')})`);
    }
    this.data = structuredClone(options.data ?? {});
    this.form = { ...(options.formState ?? {}) };
    this.history = options.screenHistory ?? [];
    this.onAction = options.onAction ?? (() => {});
    this.onFilesPicked = options.onFilesPicked ?? null;
    this.watchers = new Set();
    this.fields = new Set();
    this.validationErrors = {};
    this.refreshing = false;
    this.refreshAgain = false;
    this.firstRender = true;
    this.onFirstRender = [];
  }

  bindingContext() {
    const screens = {};
    for (const entry of this.history) screens[entry.screenId] = { data: entry.data ?? {}, form: entry.formState ?? {} };
    return createBindingContext({ data: this.data, form: this.form, screens, currentScreenId: this.screen.id });
  }

  // ---- rendering ----------------------------------------------------------------------------------------

  render() {
    const focus = this.focusedControl();
    this.scope?.dispose();
    this.watchers.clear();
    this.fields.clear();
    this.scope = new Scope();
    const screen = this.screen;
    const ui = this.ui(this.scope, {});

    const title = h('div', { class: 'fg-title', 'data-role': 'title' });
    ui.live(() => { title.textContent = ui.text(screen.title ?? ''); });
    const back = this.history.length > 0
      ? h('button', { type: 'button', class: 'fg-icon-button', 'data-action': 'back', 'aria-label': 'Back', onclick: () => this.back() }, '\u2190')
      : null;
    const close = h('button', { type: 'button', class: 'fg-icon-button', 'data-action': 'close', 'aria-label': 'Close',
      onclick: () => this.onAction({ name: 'close', screenId: screen.id }) }, '\u00d7');
    const markers = h('div', { class: 'fg-markers', 'data-role': 'screen-markers' },
      screen.terminal ? h('span', { class: 'fg-marker', 'data-marker': 'terminal' }, 'terminal') : null,
      screen.terminal && screen.success !== false ? h('span', { class: 'fg-marker', 'data-marker': 'success' }, 'success') : null,
      screen.terminal && screen.success === false ? h('span', { class: 'fg-marker', 'data-marker': 'no-success' }, 'success: false') : null,
      screen.refresh_on_back ? h('span', { class: 'fg-marker', 'data-marker': 'refresh-on-back' }, 'refresh_on_back') : null);
    const header = h('header', { class: 'fg-header' }, back ?? h('span', { class: 'fg-icon-spacer' }), h('div', { class: 'fg-heading-box' }, title, markers), close);

    this.problems = h('div', { class: 'fg-problems', 'data-role': 'problems' });
    this.notices = h('div', { class: 'fg-notices', 'data-role': 'notices' });
    this.body = h('main', { class: 'fg-screen-body' }, this.problems);
    this.validationMessage = h('div', { class: 'fg-validation', 'data-role': 'validation-message', hidden: true, role: 'alert' });
    this.footerSlot = h('div', { class: 'fg-footer-slot' });
    this.snackbar = h('div', { class: 'fg-snackbar', 'data-role': 'error-message', hidden: true, role: 'alert' });
    this.frame = h('div', {
      class: 'fg-phone', 'data-screen-id': screen.id, 'data-terminal': String(Boolean(screen.terminal)),
      'data-success': String(Boolean(screen.terminal) && screen.success !== false),
      'data-refresh-on-back': String(Boolean(screen.refresh_on_back)), 'data-flow-version': this.flow.version ?? '',
    }, header, this.body, h('div', { class: 'fg-bottom' }, this.snackbar, this.notices, this.validationMessage, this.footerSlot));

    const layout = screen.layout ?? {};
    if (layout.type !== undefined && layout.type !== 'SingleColumnLayout') {
      this.body.append(unsupported(`layout ${layout.type}`));
    }
    ui.renderChildren(layout.children ?? [], this.body);
    if (typeof this.data.error_message === 'string' && this.data.error_message !== '') this.showError(this.data.error_message);

    this.container.replaceChildren(this.frame);
    this.refresh();
    this.restoreFocus(focus);
    if (this.firstRender) {
      this.firstRender = false;
      // After renderScreen has returned its controller, so the shell can use it while handling these.
      const pending = this.onFirstRender.splice(0);
      if (pending.length) queueMicrotask(() => pending.forEach((run) => run()));
    }
  }

  /** The per-scope toolkit each component renderer receives (see README.md, "Writing a component"). */
  ui(scope, extras) {
    const view = this;
    const ui = {
      ...extras,
      scope,
      screenId: view.screen.id,
      version: view.flow.version ?? '0',
      resolve: (value) => resolve(value, view.bindingContext()),
      text: (value) => resolveText(value, view.bindingContext()),
      bool: (value, fallback) => resolveBoolean(value, view.bindingContext(), fallback),
      /** Runs `update` now and after every form change, until the scope ends. */
      live(update) {
        const watcher = () => {
          try { update(); } catch (e) { view.reportProblem(e); }
        };
        view.watchers.add(watcher);
        scope.add(() => view.watchers.delete(watcher));
        watcher();
      },
      /** A toolkit for a subtree with its own lifetime (If/Switch branches). */
      branch: (moreExtras = {}) => view.ui(scope.child(), { ...extras, ...moreExtras }),
      with: (moreExtras) => view.ui(scope, { ...extras, ...moreExtras }),
      renderChildren(children, parent) {
        for (const child of Array.isArray(children) ? children : []) {
          const element = view.renderComponent(child, ui);
          if (element) parent.append(element);
        }
      },
      getValue: (name) => view.form[name],
      setValue: (name, value) => view.setValue(name, value),
      /** The value an input starts with: restored state, else its init-value, else the Form's init-values. */
      initialValue(name, component, initKey = 'init-value') {
        if (Object.prototype.hasOwnProperty.call(view.form, name)) return view.form[name];
        let initial = component[initKey] === undefined ? undefined : ui.resolve(component[initKey]);
        if (initial === undefined && ui.formDefaults) initial = ui.formDefaults()[name];
        if (initial !== undefined && initial !== '') view.form[name] = initial;
        return view.form[name];
      },
      field: (definition) => view.registerField(ui, definition),
      /**
       * Flow JSON 6.0 changed a component-level on-select-action to fire when the screen renders too; the
       * renderer does it when the component starts with a value (init-value or restored), once per screen.
       */
      selectedOnRender(component, value) {
        const action = component['on-select-action'];
        if (!action || isEmpty(value) || !view.firstRender || !versionAtLeast(ui.version, '6.0')) return;
        view.onFirstRender.push(() => view.dispatch(action, ui, { origin: 'on-select-action (render)' }));
      },
      footer(element) {
        view.footerSlot.append(element);
        scope.add(() => element.remove());
      },
      dispatch: (action, options) => view.dispatch(action, ui, options),
      filesPicked: (request) => view.filesPicked(request),
      notice: (message) => view.notice(message),
    };
    return ui;
  }

  renderComponent(component, ui) {
    if (!component || typeof component !== 'object' || typeof component.type !== 'string') {
      return unsupported(component && component.type !== undefined ? String(component.type) : '(no type)');
    }
    const render = COMPONENTS[component.type];
    if (!render) return unsupported(component.type);
    let element;
    try {
      element = render(component, ui);
    } catch (e) {
      // A flow.json the renderer cannot make sense of must still show where the problem is, never a blank.
      return problemBox(component.type, e instanceof ExpressionError ? e.message : `could not be drawn: ${e.message}`);
    }
    if (!element) return null;
    if (!element.dataset.componentType) element.dataset.componentType = component.type;
    if (component.visible !== undefined) ui.live(() => { element.hidden = !ui.bool(component.visible, true); });
    return element;
  }

  reportProblem(error) {
    const message = error instanceof ExpressionError ? error.message : `Could not update the screen: ${error.message}`;
    if ([...this.problems.children].some((p) => p.textContent === message)) return;
    this.problems.append(h('div', { class: 'fg-problem', 'data-role': 'binding-error', role: 'alert' }, message));
  }

  // ---- form state and validation ------------------------------------------------------------------------

  setValue(name, value) {
    if (value === undefined) delete this.form[name];
    else this.form[name] = value;
    delete this.validationErrors[name];
    if (Object.keys(this.validationErrors).length === 0) this.validationMessage.hidden = true;
    this.refresh();
  }

  /** Re-runs every live binding; a binding that renders a branch may register more, which run at once. */
  refresh() {
    if (this.refreshing) { this.refreshAgain = true; return; }
    this.refreshing = true;
    try {
      do {
        this.refreshAgain = false;
        for (const watcher of [...this.watchers]) if (this.watchers.has(watcher)) watcher();
      } while (this.refreshAgain);
    } finally {
      this.refreshing = false;
    }
  }

  registerField(ui, definition) {
    const entry = { label: definition.name, validate: () => null, isRequired: () => false, isEnabled: () => true, ...definition };
    this.fields.add(entry);
    ui.scope.add(() => this.fields.delete(entry));
    ui.live(() => {
      const formErrors = ui.formErrors ? ui.formErrors() : {};
      const bound = definition.errorMessage !== undefined ? ui.text(definition.errorMessage) : (formErrors?.[entry.name] ?? '');
      const message = this.validationErrors[entry.name] ?? bound;
      entry.error.textContent = message;
      entry.error.hidden = !message;
      entry.element.toggleAttribute('aria-invalid', Boolean(message));
      entry.element.closest('.fg-field')?.classList.toggle('fg-invalid', Boolean(message));
    });
  }

  /** Checks every shown input the way the client does before a Footer action; returns the problems. */
  validate() {
    this.validationErrors = {};
    const problems = [];
    for (const field of this.fields) {
      if (!field.element.isConnected || field.element.closest('[hidden]') || !field.isEnabled()) continue;
      const value = this.form[field.name];
      let message = null;
      if (field.isRequired() && (isEmpty(value) || field.isComplete?.(value) === false)) message = 'Required';
      else if (!isEmpty(value)) message = field.validate(value);
      if (message) {
        this.validationErrors[field.name] = message;
        problems.push({ name: field.name, label: field.labelText?.() || field.name, message });
      }
    }
    this.refresh();
    if (problems.length > 0) {
      this.validationMessage.textContent = `Complete these fields first: ${problems.map((p) => `${p.label} (${p.message})`).join(', ')}`;
      this.validationMessage.hidden = false;
    } else {
      this.validationMessage.hidden = true;
    }
    return problems;
  }

  // ---- actions ------------------------------------------------------------------------------------------

  async dispatch(action, ui, { validate = false, origin = 'component' } = {}) {
    if (!action || typeof action.name !== 'string') {
      this.notice(`This ${origin} has no on-click-action`);
      return;
    }
    if (validate && this.validate().length > 0) return;
    let payload;
    try {
      payload = resolvePayload(action.payload, this.bindingContext());
    } catch (e) {
      this.reportProblem(e);
      return;
    }
    const screenId = this.screen.id;
    switch (action.name) {
      case 'update_data':
        // Local only: the client merges the payload into the screen's data and draws the screen again.
        Object.assign(this.data, payload);
        this.render();
        await this.emit({ name: 'update_data', payload, screenId, origin });
        return;
      case 'open_url': {
        const url = resolveText(action.url, this.bindingContext());
        this.notice(`open_url: the client would open ${url} (the playground does not follow it)`);
        await this.emit({ name: 'open_url', url, screenId, origin });
        return;
      }
      case 'navigate': {
        const next = action.next ?? {};
        if (!next.name) {
          this.notice('navigate needs next: {type: "screen", name: "<SCREEN>"}');
          return;
        }
        await this.emit({ name: 'navigate', next: { type: next.type ?? 'screen', name: next.name }, payload, screenId, origin, formState: { ...this.form } });
        return;
      }
      case 'complete':
        // Meta refuses such a flow.json at upload; the playground still plays it but says so.
        if (!this.screen.terminal) this.notice(`complete is only allowed on terminal screens; ${screenId} is not terminal`);
        await this.emit({ name: action.name, payload, screenId, origin, formState: { ...this.form } });
        return;
      case 'data_exchange':
        await this.emit({ name: action.name, payload, screenId, origin, formState: { ...this.form } });
        return;
      default:
        this.notice(`Unsupported action: ${action.name}`);
    }
  }

  /** Calls the shell; while its promise runs the footer is disabled, as the client shows a spinner. */
  async emit(event) {
    const result = this.onAction(event);
    if (!result || typeof result.then !== 'function') return;
    const frame = this.frame;
    frame.dataset.busy = 'true';
    frame.querySelectorAll('.fg-footer-button').forEach((b) => b.setAttribute('aria-busy', 'true'));
    try {
      await result;
    } finally {
      delete frame.dataset.busy;
      frame.querySelectorAll('.fg-footer-button').forEach((b) => b.removeAttribute('aria-busy'));
    }
  }

  back() {
    this.onAction({ name: 'back', screenId: this.screen.id, refreshOnBack: Boolean(this.screen.refresh_on_back), formState: { ...this.form } });
  }

  async filesPicked(request) {
    if (!this.onFilesPicked) {
      this.notice('No upload handler: the files were not sent anywhere');
      return request.files.map((f) => ({ file_name: f.name, mime_type: f.type, size: f.size }));
    }
    return this.onFilesPicked({ ...request, screenId: this.screen.id });
  }

  // ---- chrome -------------------------------------------------------------------------------------------

  showError(message) {
    this.snackbar.replaceChildren(h('span', { class: 'fg-snackbar-text' }, message),
      h('button', { type: 'button', class: 'fg-snackbar-dismiss', 'data-action': 'dismiss-error', onclick: () => { this.snackbar.hidden = true; } }, 'OK'));
    this.snackbar.hidden = false;
  }

  notice(message) {
    this.notices.append(h('div', { class: 'fg-notice', 'data-role': 'notice' }, message,
      h('button', { type: 'button', class: 'fg-notice-dismiss', 'data-action': 'dismiss-notice', onclick: (e) => e.target.parentElement.remove() }, '\u00d7')));
  }

  focusedControl() {
    const active = this.container.ownerDocument?.activeElement;
    if (!active || !this.container.contains(active) || !active.dataset?.componentName) return null;
    return { name: active.dataset.componentName, option: active.dataset.optionId, start: active.selectionStart, end: active.selectionEnd };
  }

  restoreFocus(focus) {
    if (!focus) return;
    const selector = `[data-component-name="${CSS.escape(focus.name)}"]${focus.option ? `[data-option-id="${CSS.escape(focus.option)}"]` : ''}`;
    const element = this.frame.querySelector(selector);
    if (!element) return;
    element.focus();
    if (typeof focus.start === 'number' && typeof element.setSelectionRange === 'function') {
      try { element.setSelectionRange(focus.start, focus.end); } catch { /* not a text control */ }
    }
  }

  controller() {
    return {
      element: this.frame,
      screenId: this.screen.id,
      getFormState: () => ({ ...this.form }),
      getData: () => structuredClone(this.data),
      /** Same-screen refresh: merges `data` (or replaces it with replaceData), keeps typed values. */
      update: ({ data, formState, replaceData = false } = {}) => {
        if (data) this.data = replaceData ? structuredClone(data) : { ...this.data, ...structuredClone(data) };
        if (data && data.error_message === undefined) delete this.data.error_message;
        if (formState) this.form = { ...formState };
        this.render();
      },
      validate: () => this.validate(),
      showError: (message) => this.showError(message),
      notice: (message) => this.notice(message),
      destroy: () => { this.scope?.dispose(); this.container.replaceChildren(); },
    };
  }
}
