// The side panel: one entry per step of the run, newest first, with what WhatsApp sent and got (decrypted),
// the HTTP status, the latency, and the Flow JSON findings of the answer. Text goes in through textContent only.

function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) element.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

function json(value) {
  return el('pre', { class: 'pg-json' }, JSON.stringify(value, null, 2));
}

export class StepPanel {
  constructor(container) {
    this.container = container;
    this.count = 0;
  }

  clear() {
    this.count = 0;
    this.container.replaceChildren();
  }

  /**
   * @param step {action, screen, request, status, reason, latencyMs, answer, findings: {checked, findings}|null}
   * @returns the entry's element
   */
  addStep(step) {
    this.count += 1;
    const ok = step.status === 200;
    const entry = el('section', {
      class: `pg-step ${ok ? 'pg-ok' : 'pg-failed'}`, 'data-role': 'step', 'data-step': this.count,
      'data-action': step.action, 'data-status': step.status,
      'data-answer-screen': step.answer?.screen ?? '',
    });
    const title = `#${this.count} ${step.action}${step.screen ? ` from ${step.screen}` : ''}`
      + (step.answer?.screen ? ` \u2192 ${step.answer.screen}` : '');
    entry.append(el('h3', {}, title));
    entry.append(el('div', { class: 'pg-meta' },
      el('span', { class: 'pg-status', 'data-role': 'status' }, `HTTP ${step.status}`),
      el('span', { class: 'pg-latency', 'data-role': 'latency' }, `${step.latencyMs} ms`)));
    if (step.reason) entry.append(el('p', { class: 'pg-reason', 'data-role': 'reason' }, step.reason));
    entry.append(this.details('request (decrypted)', json(step.request), step.status !== 200));
    if (step.answer !== undefined) entry.append(this.details('answer (decrypted)', json(step.answer), true));
    entry.append(this.findings(step.findings));
    // Only the newest answer stays open: the run reads top-down, and older steps are one click away.
    for (const open of this.container.querySelectorAll('details[open]')) open.open = false;
    this.container.prepend(entry);
    return entry;
  }

  /** A step that never reached the endpoint (navigate, update_data, a local complete). */
  addLocal(label, payload) {
    this.count += 1;
    const entry = el('section', { class: 'pg-step pg-local', 'data-role': 'step', 'data-step': this.count, 'data-action': label },
      el('h3', {}, `#${this.count} ${label} (in the client, no request)`));
    if (payload !== undefined) entry.append(this.details('payload', json(payload), false));
    this.container.prepend(entry);
    return entry;
  }

  details(summary, content, open) {
    const details = el('details', open ? { open: '' } : {}, el('summary', {}, summary), content);
    return details;
  }

  findings(result) {
    const box = el('div', { class: 'pg-findings', 'data-role': 'findings' });
    if (!result) {
      box.dataset.checked = 'false';
      box.append(el('p', {}, 'Not checked against the Flow JSON (no answer).'));
      return box;
    }
    box.dataset.checked = String(result.checked);
    box.dataset.count = String(result.findings.length);
    if (!result.checked) {
      box.append(el('p', {}, 'Answers of this flow are not checked (flowgate.validation.mode is off for it).'));
    } else if (result.findings.length === 0) {
      box.append(el('p', { class: 'pg-clean' }, '\u2713 The answer satisfies the Flow JSON.'));
    } else {
      const list = el('ul');
      for (const finding of result.findings) {
        list.append(el('li', { class: `pg-finding pg-${finding.severity.toLowerCase()}`, 'data-code': finding.code },
          `${finding.severity} ${finding.code} at ${finding.path || '/'}: ${finding.message}`));
      }
      box.append(el('p', {}, 'Flow JSON findings of this answer:'), list);
    }
    return box;
  }
}

export { el };
