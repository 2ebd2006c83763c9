// The playground's flow page: plays the WhatsApp client for one flow. It renders screens with the renderer,
// keeps the navigation stack, sends INIT / data_exchange / BACK to the data endpoint encrypted as WhatsApp
// does, and on SUCCESS shows the nfm_reply message and delivers it to the webhook as Meta would.

import { renderScreen } from './renderer/index.js';
import { importServerKey, sealRequest } from './crypto-client.js';
import { MediaUploads } from './media.js';
import { StepPanel, el } from './panel.js';

const BASE = '/playground';
const API = `${BASE}/api`;

class FlowRun {
  constructor(flowId, page) {
    this.flowId = flowId;
    this.page = page;
    this.panel = new StepPanel(page.steps);
    this.media = new MediaUploads(API);
  }

  async load() {
    const response = await fetch(`${API}/flows/${encodeURIComponent(this.flowId)}`);
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new PageError(body.error ?? `HTTP ${response.status}`, response.status);
    }
    this.flowJson = body.flow_json;
    this.source = body.source;
    this.serverKey = await importServerKey(body.public_key);
    this.version = String(this.flowJson.data_api_version ?? '3.0');
    this.page.source.textContent = body.source;
  }

  /** A fresh run: a new token, then INIT, then the first screen with the plugin's data. */
  async start() {
    await this.media.forget();
    this.history = [];
    this.current = null;
    this.finished = false;
    this.panel.clear();
    this.page.completion.hidden = true;
    this.page.completion.replaceChildren();
    this.page.phone.replaceChildren(el('div', { class: 'pg-loading' }, 'Opening the flow\u2026'));
    const response = await fetch(`${API}/flows/${encodeURIComponent(this.flowId)}/token`, { method: 'POST', body: '{}' });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new PageError(`a flow token could not be issued: ${body.error ?? `HTTP ${response.status}`}`);
    this.flowToken = body.flow_token;
    this.waId = body.wa_id;
    this.page.token.textContent = `flow token \u2026${this.flowToken.slice(-6)}`;
    const answer = await this.exchange('INIT', '', undefined);
    if (answer) this.show(answer);
  }

  /** One request to the data endpoint; returns the decrypted answer, or null when there is none to show. */
  async exchange(action, screen, data) {
    const request = { version: this.version, action, flow_token: this.flowToken };
    if (screen) request.screen = screen;
    if (data !== undefined) request.data = data;
    const sealed = await sealRequest(this.serverKey, request);
    const started = performance.now();
    let response;
    let text;
    try {
      response = await fetch(`${BASE}/endpoint/${encodeURIComponent(this.flowId)}`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(sealed.envelope),
      });
      text = await response.text();
    } catch (e) {
      this.panel.addStep({ action, screen, request, status: 0, reason: `the server could not be reached: ${e.message}`,
        latencyMs: Math.round(performance.now() - started), findings: null });
      this.page.showError(`The server could not be reached (${e.message}). Is it still running?`);
      return null;
    }
    const latencyMs = Math.round(performance.now() - started);
    let answer;
    let reason;
    // 200 and 427 carry an encrypted answer; every other status a plain-text reason from the server.
    if (response.status === 200 || response.status === 427) {
      try {
        answer = await sealed.open(text);
      } catch (e) {
        reason = `the answer could not be decrypted with the request's key and flipped IV (${e.name})`;
      }
    } else {
      reason = text || response.statusText;
    }
    const findings = answer && response.status === 200 ? await this.check(action, screen, answer) : null;
    this.panel.addStep({ action, screen, request, status: response.status, reason, latencyMs, answer, findings });
    if (response.status === 427) {
      this.page.showError(`HTTP 427: the flow token is no longer valid. ${answer?.data?.error_message ?? ''}`
        + ' Restart for a new token.');
      return null;
    }
    if (response.status !== 200 || !answer) {
      this.page.showError(`The endpoint answered HTTP ${response.status}: ${reason}`);
      return null;
    }
    this.page.clearError();
    return answer;
  }

  async check(action, screen, answer) {
    const response = await fetch(`${API}/flows/${encodeURIComponent(this.flowId)}/check`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ action, screen, flow_token: this.flowToken, answer }),
    });
    const body = await response.json().catch(() => ({}));
    return response.ok ? body : { checked: true, findings: [{ code: 'CHECK_FAILED', severity: 'ERROR', path: '',
      message: body.error ?? `HTTP ${response.status}` }] };
  }

  /** Shows an answer: the same screen refreshes in place (keeping what was typed), another one is pushed. */
  show(answer) {
    if (answer.screen === 'SUCCESS') {
      this.complete(answer.data?.extension_message_response?.params ?? {});
      return;
    }
    const data = answer.data ?? {};
    if (this.current && this.current.screenId === answer.screen) {
      this.controller.update({ data, replaceData: true });
      this.current.data = this.controller.getData();
      return;
    }
    this.media.forget();
    const back = this.history.findIndex((entry) => entry.screenId === answer.screen);
    if (back >= 0) {
      // An answer to BACK, or a hop back to an earlier screen: the stack unwinds to it.
      const entry = this.history[back];
      this.history = this.history.slice(0, back);
      this.render({ screenId: answer.screen, data, formState: entry.formState });
      return;
    }
    if (this.current) this.history.push(this.snapshot());
    this.render({ screenId: answer.screen, data, formState: {} });
  }

  snapshot() {
    return { screenId: this.current.screenId, data: this.controller.getData(), formState: this.controller.getFormState() };
  }

  render({ screenId, data, formState }) {
    this.current = { screenId, data };
    this.controller = renderScreen(this.page.phone, {
      flowJson: this.flowJson, screenId, data, formState, screenHistory: this.history.slice(),
      onAction: (event) => this.onAction(event),
      onFilesPicked: ({ files }) => this.media.upload(files),
    });
  }

  async onAction(event) {
    if (this.finished) return;
    switch (event.name) {
      case 'navigate': {
        this.panel.addLocal(`navigate to ${event.next?.name}`, event.payload);
        this.history.push(this.snapshot());
        this.render({ screenId: event.next.name, data: event.payload ?? {}, formState: {} });
        return;
      }
      case 'data_exchange': {
        const answer = await this.exchange('data_exchange', event.screenId, event.payload ?? {});
        if (answer) this.show(answer);
        return;
      }
      case 'complete': {
        this.panel.addLocal('complete', event.payload);
        this.complete({ flow_token: this.flowToken, ...(event.payload ?? {}) });
        return;
      }
      case 'back': {
        if (this.history.length === 0) return;
        if (event.refreshOnBack) {
          const answer = await this.exchange('BACK', event.screenId, undefined);
          if (answer) this.show(answer);
          return;
        }
        const previous = this.history.pop();
        this.panel.addLocal(`back to ${previous.screenId}`);
        this.render(previous);
        return;
      }
      case 'close':
        this.finished = true;
        this.page.phone.replaceChildren(el('div', { class: 'pg-closed', 'data-role': 'closed' },
          'The user closed the flow. Nothing is sent to the server when a flow is closed.'));
        return;
      case 'open_url':
        this.panel.addLocal(`open_url ${event.url}`);
        return;
      case 'update_data':
        this.panel.addLocal('update_data', event.payload);
        return;
      default:
        this.panel.addLocal(event.name, event.payload);
    }
  }

  /** The flow ended: the nfm_reply message WhatsApp sends to the business, and a way to deliver it. */
  complete(params) {
    this.finished = true;
    this.media.forget();
    const messageId = `wamid.playground.${crypto.randomUUID().replaceAll('-', '')}`;
    const message = {
      context: { from: '15550100000', id: `wamid.playground.flow-message.${this.flowToken.slice(-8)}` },
      from: this.waId, id: messageId, timestamp: String(Math.floor(Date.now() / 1000)), type: 'interactive',
      interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify(params) } },
    };
    const delivery = {
      object: 'whatsapp_business_account',
      entry: [{ id: 'PLAYGROUND', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100000', phone_number_id: 'PLAYGROUND' },
        contacts: [{ profile: { name: 'Playground' }, wa_id: this.waId }], messages: [message] } }] }],
    };
    this.page.phone.replaceChildren(el('div', { class: 'pg-done', 'data-role': 'flow-done' },
      el('div', { class: 'pg-done-mark' }, '\u2713'), el('p', {}, 'The flow is complete. WhatsApp now sends the'
        + ' business this message (right).')));
    const state = el('p', { id: 'delivery-state', 'data-state': 'not-sent' }, 'Not delivered yet.');
    const deliver = el('button', { id: 'deliver', type: 'button', class: 'pg-button pg-primary' }, 'Deliver to the webhook');
    deliver.addEventListener('click', () => this.deliver(delivery, messageId, deliver, state));
    this.page.completion.replaceChildren(
      el('h2', {}, 'Completion: the nfm_reply message'),
      el('p', {}, 'response_json, parsed:'),
      el('pre', { class: 'pg-json', 'data-role': 'response-json' }, JSON.stringify(params, null, 2)),
      el('details', {}, el('summary', {}, 'the whole message'),
        el('pre', { class: 'pg-json', 'data-role': 'nfm-reply' }, JSON.stringify(message, null, 2))),
      deliver, state);
    this.page.completion.hidden = false;
  }

  async deliver(delivery, messageId, button, state) {
    button.disabled = true;
    const response = await fetch(`${BASE}/webhook`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(delivery),
    });
    if (!response.ok) {
      state.dataset.state = 'refused';
      state.textContent = `The webhook answered HTTP ${response.status}: ${await response.text()}`;
      button.disabled = false;
      return;
    }
    state.dataset.state = 'pending';
    state.textContent = 'Stored in the inbox; waiting for onCompletion\u2026';
    for (let attempt = 0; attempt < 60; attempt++) {
      const status = await fetch(`${API}/completions/${encodeURIComponent(messageId)}`);
      const body = await status.json().catch(() => ({}));
      if (status.ok && body.state !== 'pending') {
        state.dataset.state = body.state;
        state.textContent = body.state === 'delivered'
          ? `Delivered: the plugin's onCompletion ran (message ${messageId}).`
          : `onCompletion failed after ${body.attempts} attempt(s): ${body.last_error ?? ''}`;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    state.textContent = 'Still pending: see the server log for the plugin\'s onCompletion.';
  }
}

class PageError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

function page() {
  const error = document.getElementById('page-error');
  return {
    phone: document.getElementById('phone'),
    steps: document.getElementById('steps'),
    completion: document.getElementById('completion'),
    source: document.getElementById('flow-source'),
    token: document.getElementById('flow-token'),
    showError(message) {
      error.textContent = message;
      error.hidden = false;
    },
    clearError() {
      error.hidden = true;
      error.textContent = '';
    },
  };
}

async function main() {
  const flowId = decodeURIComponent(location.pathname.replace(/\/+$/, '').split('/').pop());
  document.getElementById('flow-id').textContent = flowId;
  document.title = `${flowId} \u2013 Flowgate playground`;
  const view = page();
  const run = new FlowRun(flowId, view);
  const restart = document.getElementById('restart');
  const guarded = async (work) => {
    restart.disabled = true;
    try {
      await work();
    } catch (e) {
      view.showError(e.message);
      view.phone.replaceChildren(el('div', { class: 'pg-closed', 'data-role': 'flow-error' },
        'Nothing to show: see the message above, then Restart.'));
    } finally {
      restart.disabled = false;
      document.body.dataset.ready = 'true';
    }
  };
  restart.addEventListener('click', () => guarded(async () => {
    if (!run.flowJson) await run.load();
    await run.start();
  }));
  await guarded(async () => {
    await run.load();
    await run.start();
  });
}

main();
