// Files between the person and the core, never inside JSON: picked files go up (the
// upload endpoint or the desktop shell) and files the core hands over — attachments,
// printed registers, reports — come down by reference, both with their progress shown.
import type { FileContent, NewAttachment } from './api/bindings';
import { api, ApiFailure } from './api/client';
import { translate } from './i18n/index.svelte';
import { session } from './session.svelte';
import { track } from './transfers.svelte';

/** The bytes of a file the core handed over, fetched with its progress. */
export async function fileBytes(file: FileContent): Promise<Uint8Array> {
  return track(file.fileName, 'down', file.size, (progress) => api.download(file.downloadId, progress));
}

/** Save the file: with the system's save dialog in the desktop app, else handed to the
 * browser to save. */
export async function saveFile(file: FileContent): Promise<void> {
  const dialog = api.saveAs(file.downloadId, file.fileName);
  if (dialog) {
    await dialog;
    return;
  }
  const bytes = await fileBytes(file);
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: file.mediaType }));
  const link = Object.assign(document.createElement('a'), { href: url, download: file.fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** In the desktop app: open the file in the computer's own viewer (where it is printed),
 * from a folder of this person's that the app empties when it next starts. */
export async function openInViewer(file: FileContent): Promise<void> {
  await api.openFile(file.downloadId, file.fileName);
}

/** Files a person picked, uploaded one by one; what commands take in their place. A file
 * over the office's limit is refused before a byte is sent, in the core's words. */
export async function readFiles(list: FileList | null): Promise<NewAttachment[]> {
  const out: NewAttachment[] = [];
  const limit = session.me?.maxFileBytes ?? Infinity;
  for (const file of Array.from(list ?? [])) {
    if (file.size > limit) {
      const mb = Math.floor(limit / (1024 * 1024));
      throw new ApiFailure({
        code: 'request.too_large',
        message: { vi: translate('vi', 'files.tooLarge', { mb }), en: translate('en', 'files.tooLarge', { mb }) },
        field: 'attachments',
      });
    }
    const upload = await track(file.name, 'up', file.size, (progress) => api.upload(file, file.name, progress));
    out.push({ fileName: file.name, uploadId: upload.uploadId });
  }
  return out;
}
