// The Decree 30 document types, loaded once from the core (`document_type_list`).
import type { DocumentType } from './api/bindings';
import { api } from './api/client';

export const doctypes = $state<{ list: DocumentType[] }>({ list: [] });

let loading: Promise<void> | null = null;

/** Load the list (once); components call it and read `doctypes.list`. */
export function loadDoctypes(): Promise<void> {
  loading ??= api.call('document_type_list', null).then((list) => {
    doctypes.list = list;
  }).catch(() => {
    loading = null;
  });
  return loading;
}

export function typeName(key: string): string {
  return doctypes.list.find((d) => d.key === key)?.name ?? key;
}
