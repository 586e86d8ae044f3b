// Files that come from the core as base64 (attachments, generated PDFs).
import type { FileContent, NewAttachment } from './api/bindings';

export function fileBytes(file: FileContent): Uint8Array {
  const binary = atob(file.contentBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Hand the file to the browser (or the desktop WebView) to save. */
export function saveFile(file: FileContent): void {
  const url = URL.createObjectURL(new Blob([fileBytes(file) as BlobPart], { type: file.mediaType }));
  const link = Object.assign(document.createElement('a'), { href: url, download: file.fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Files a person picked, base64-encoded for the core. */
export async function readFiles(list: FileList | null): Promise<NewAttachment[]> {
  const out: NewAttachment[] = [];
  for (const file of Array.from(list ?? [])) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    out.push({ fileName: file.name, contentBase64: btoa(binary) });
  }
  return out;
}
