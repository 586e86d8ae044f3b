// Hash routes (#/admin/users): work the same in the desktop app and on the office server.
export const route = $state<{ path: string }>({ path: currentPath() });

function currentPath(): string {
  if (typeof location === 'undefined') return '/';
  return location.hash.replace(/^#/, '') || '/';
}

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    route.path = currentPath();
  });
}

export function navigate(path: string): void {
  location.hash = path;
}
