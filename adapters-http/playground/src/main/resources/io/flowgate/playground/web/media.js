// PhotoPicker and DocumentPicker: the page encrypts a picked file the way WhatsApp's CDN stores it
// (protocol.md §8: AES-256-CBC with PKCS#7, then the first 10 bytes of HMAC-SHA256(hmac_key, iv || ciphertext)
// appended; SHA-256 of the CDN file and of the plaintext), hands it to the playground's local CDN, and returns
// the picker value the endpoint receives: [{media_id, cdn_url, file_name, encryption_metadata}].

import { base64 } from './crypto-client.js';

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** The CDN's copy of `plaintext` and the metadata that lets the server verify and decrypt it. */
export async function encryptForCdn(plaintext) {
  const encryptionKey = crypto.getRandomValues(new Uint8Array(32));
  const hmacKey = crypto.getRandomValues(new Uint8Array(32));
  const iv = crypto.getRandomValues(new Uint8Array(16));
  const aes = await crypto.subtle.importKey('raw', encryptionKey, { name: 'AES-CBC' }, false, ['encrypt']);
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, aes, plaintext));
  const mac = await crypto.subtle.importKey('raw', hmacKey, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signed = new Uint8Array(iv.length + ciphertext.length);
  signed.set(iv);
  signed.set(ciphertext, iv.length);
  const hmac = new Uint8Array(await crypto.subtle.sign('HMAC', mac, signed)).subarray(0, 10);
  const cdnFile = new Uint8Array(ciphertext.length + hmac.length);
  cdnFile.set(ciphertext);
  cdnFile.set(hmac, ciphertext.length);
  return {
    cdnFile,
    metadata: {
      encrypted_hash: base64(await sha256(cdnFile)),
      iv: base64(iv),
      encryption_key: base64(encryptionKey),
      hmac_key: base64(hmacKey),
      plaintext_hash: base64(await sha256(plaintext)),
    },
  };
}

/** Uploads for the current step; {@link MediaUploads#forget} drops them from the local CDN once it is over. */
export class MediaUploads {
  constructor(apiBase) {
    this.apiBase = apiBase;
    this.pending = [];
  }

  /** Encrypts and uploads the picked files; returns the picker's form value. */
  async upload(files) {
    const value = [];
    for (const file of files) {
      const { cdnFile, metadata } = await encryptForCdn(new Uint8Array(await file.arrayBuffer()));
      const response = await fetch(`${this.apiBase}/media`, {
        method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: cdnFile,
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(`uploading ${file.name}: HTTP ${response.status} ${body.error ?? ''}`);
      this.pending.push(body.id);
      value.push({ media_id: crypto.randomUUID(), cdn_url: body.cdn_url, file_name: file.name, encryption_metadata: metadata });
    }
    return value;
  }

  /** The step that sent the files is over: the CDN forgets them. */
  async forget() {
    const ids = this.pending.splice(0);
    await Promise.all(ids.map((id) => fetch(`${this.apiBase}/media/${id}`, { method: 'DELETE' }).catch(() => {})));
  }
}
