// WhatsApp's side of the data endpoint's encryption, with WebCrypto only (docs: /work/shared/protocol.md §2):
// a fresh AES-128 key and 16-byte IV per request, the key wrapped with the server's public key (RSA-OAEP,
// SHA-256, MGF1-SHA-256: WebCrypto's RSA-OAEP always uses the same hash for MGF1), AES-128-GCM with the
// 16-byte tag appended, and the answer decrypted with the same key and the IV with every bit inverted.

export function base64(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let text = '';
  for (let i = 0; i < view.length; i += 0x8000) text += String.fromCharCode(...view.subarray(i, i + 0x8000));
  return btoa(text);
}

export function fromBase64(text) {
  const raw = atob(text.trim());
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** The server's public key, from the SPKI PEM the playground route hands out. */
export async function importServerKey(pem) {
  const body = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  return crypto.subtle.importKey('spki', fromBase64(body), { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
}

/** The IV of the answer: the request's IV with every bit inverted. */
export function flipped(iv) {
  return iv.map((b) => b ^ 0xff);
}

/**
 * Encrypts one request payload as the WhatsApp client does. Returns the envelope to POST and an `open`
 * function that decrypts the endpoint's base64 answer with this request's key.
 */
export async function sealRequest(serverKey, payload) {
  const rawKey = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(16));
  const aesKey = await crypto.subtle.importKey('raw', rawKey, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  const plaintext = new TextEncoder().encode(JSON.stringify(payload));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 128 }, aesKey, plaintext);
  const wrappedKey = await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, serverKey, rawKey);
  rawKey.fill(0);
  return {
    envelope: {
      encrypted_flow_data: base64(sealed),
      encrypted_aes_key: base64(wrappedKey),
      initial_vector: base64(iv),
    },
    async open(base64Answer) {
      const answer = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: flipped(iv), tagLength: 128 }, aesKey,
        fromBase64(base64Answer));
      return JSON.parse(new TextDecoder().decode(answer));
    },
  };
}
