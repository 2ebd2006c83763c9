// Media: Image, ImageCarousel, and the pickers (PhotoPicker, DocumentPicker) that hand the chosen File
// objects to the shell, which encrypts and uploads them; the form value is what the shell returns.

import { toText } from './binding.js';
import { fieldBlock, h, uniqueId } from './dom.js';
import { bindCommon } from './inputs.js';
import { imageSource } from './navigation.js';

function renderImage(component, ui) {
  const image = h('img', { class: 'fg-image' });
  ui.live(() => {
    image.src = imageSource(ui.resolve(component.src));
    image.alt = ui.text(component['alt-text'] ?? '');
  });
  const width = Number(ui.resolve(component.width));
  const height = Number(ui.resolve(component.height));
  const ratio = Number(ui.resolve(component['aspect-ratio']));
  if (Number.isFinite(width)) image.style.width = `${width}px`;
  if (Number.isFinite(height)) image.style.height = `${height}px`;
  if (Number.isFinite(ratio) && ratio > 0) image.style.aspectRatio = String(ratio);
  // scale-type "cover" crops to the box, "contain" (the client's default) letterboxes.
  image.style.objectFit = component['scale-type'] === 'cover' ? 'cover' : 'contain';
  return h('div', { class: 'fg-image-box' }, image);
}

function renderImageCarousel(component, ui) {
  const images = ui.resolve(component.images);
  const list = Array.isArray(images) ? images : [];
  let index = 0;
  const image = h('img', { class: 'fg-image' });
  image.style.objectFit = component['scale-type'] === 'cover' ? 'cover' : 'contain';
  const position = h('span', { 'data-role': 'carousel-position' });
  const show = () => {
    const current = list[index] ?? {};
    image.src = imageSource(current.src);
    image.alt = toText(current['alt-text']);
    position.textContent = list.length ? `${index + 1} / ${list.length}` : 'No images';
  };
  const step = (delta) => { if (list.length) { index = (index + delta + list.length) % list.length; show(); } };
  show();
  return h('div', { class: 'fg-carousel' }, image,
    h('div', { class: 'fg-carousel-nav' },
      h('button', { type: 'button', class: 'fg-icon-button', 'data-action': 'carousel-previous', 'aria-label': 'Previous image', onclick: () => step(-1) }, '\u2039'),
      position,
      h('button', { type: 'button', class: 'fg-icon-button', 'data-action': 'carousel-next', 'aria-label': 'Next image', onclick: () => step(1) }, '\u203a')));
}

/** Checks picked files against the component's limits; returns a message or null. */
export function filesProblem(files, { min, max, maxKb, mimeTypes }) {
  if (Number.isFinite(max) && files.length > max) return `Choose at most ${max} file${max === 1 ? '' : 's'}`;
  if (Number.isFinite(min) && files.length < min) return `Choose at least ${min} file${min === 1 ? '' : 's'}`;
  const tooBig = Number.isFinite(maxKb) ? files.find((f) => f.size > maxKb * 1024) : null;
  if (tooBig) return `${tooBig.name} is larger than ${maxKb} KB`;
  const wrongType = mimeTypes ? files.find((f) => !mimeTypes.includes(f.type)) : null;
  if (wrongType) return `${wrongType.name} is not one of ${mimeTypes.join(', ')}`;
  return null;
}

function picker(kind) {
  const photos = kind === 'photo';
  const countKey = photos ? 'photos' : 'documents';
  return (component, ui) => {
    const number = (key) => (component[key] === undefined ? undefined : Number(ui.resolve(component[key])));
    const min = number(`min-uploaded-${countKey}`);
    const max = number(`max-uploaded-${countKey}`) ?? 30; // the documented default for both pickers
    const maxKb = number('max-file-size-kb');
    const mimeTypes = photos ? ['image/jpeg', 'image/png'] : (ui.resolve(component['allowed-mime-types']) ?? null);
    const id = uniqueId(kind);
    const input = h('input', { id, type: 'file', name: component.name, 'data-component-name': component.name,
      multiple: max !== 1, accept: (Array.isArray(mimeTypes) ? mimeTypes : []).join(',') || undefined,
      capture: photos && component['photo-source'] === 'camera' ? 'environment' : undefined });
    const status = h('div', { class: 'fg-helper', 'data-role': 'upload-status' });
    const list = h('ul', { class: 'fg-files', 'data-role': 'picked-files' });
    let pickedCount = Array.isArray(ui.getValue(component.name)) ? ui.getValue(component.name).length : 0;
    let pickProblem = null;
    input.addEventListener('change', async () => {
      const files = [...input.files];
      pickProblem = filesProblem(files, { max, maxKb, mimeTypes: Array.isArray(mimeTypes) ? mimeTypes : null });
      if (pickProblem) {
        status.textContent = pickProblem;
        ui.setValue(component.name, undefined);
        return;
      }
      list.replaceChildren(...files.map((f) => h('li', {}, `${f.name} (${Math.ceil(f.size / 1024)} KB)`)));
      status.textContent = files.length ? 'Uploading\u2026' : '';
      pickedCount = files.length;
      try {
        const value = files.length ? await ui.filesPicked({ name: component.name, component: component.type, files }) : undefined;
        status.textContent = files.length ? 'Uploaded' : '';
        ui.setValue(component.name, value);
      } catch (e) {
        status.textContent = `Upload failed: ${e.message}`;
        ui.setValue(component.name, undefined);
      }
    });
    const { root, error } = fieldBlock(ui, component, h('div', { class: 'fg-picker' }, input, status, list), { controlId: id, kind: `${kind}-picker` });
    if (component.description !== undefined) {
      const description = h('div', { class: 'fg-helper' });
      ui.live(() => { description.textContent = ui.text(component.description); });
      root.insertBefore(description, root.children[1] ?? null);
    }
    // A picker with min-uploaded-* >= 1 is required even without "required" (that property does not exist on pickers).
    bindCommon({ ...component, required: component.required ?? (Number.isFinite(min) && min > 0) }, ui, input, error,
      () => pickProblem ?? (Number.isFinite(min) && pickedCount < min ? `Choose at least ${min}` : null));
    return root;
  };
}

export const components = {
  Image: renderImage,
  ImageCarousel: renderImageCarousel,
  PhotoPicker: picker('photo'),
  DocumentPicker: picker('document'),
};
