// Files between the person and the core. Picked files go up outside JSON (the upload
// endpoint or the desktop shell) with their progress shown; generated documents come
// back inline, stored files (attachments) by reference, fetched as they are.
import type { FileContent, NewAttachment } from './api/bindings';
import { api, ApiFailure } from './api/client';
import { translate } from './i18n/index.svelte';
import { session } from './session.svelte';
import { track } from './transfers.svelte';

function decode(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The bytes of a generated document (a PDF or XLSX the core made just now). */
export function inlineBytes(file: FileContent): Uint8Array {
  if (file.contentBase64 == null) throw new Error(`${file.fileName} is not inline`);
  return decode(file.contentBase64);
}

/** The bytes of any file the core handed over: inline, or fetched with its progress. */
export async function fileBytes(file: FileContent): Promise<Uint8Array> {
  if (file.contentBase64 != null) return decode(file.contentBase64);
  return track(file.fileName, 'down', file.size, (progress) => api.download(file.downloadId!, progress));
}

/** Hand the file to the browser (or the desktop WebView) to save. */
export async function saveFile(file: FileContent): Promise<void> {
  const bytes = await fileBytes(file);
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: file.mediaType }));
  const link = Object.assign(document.createElement('a'), { href: url, download: file.fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
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
