// A desktop's notification service for the tests: a private D-Bus session bus, Dunst
// (a notification daemon that draws on the X display, so a screenshot shows what the
// person would see) and dbus-monitor recording every Notify call on that bus.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../harness.mjs';

function group(command, args, env) {
  return spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}

function stop(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // gone already
  }
  child.stdout?.destroy();
  child.stderr?.destroy();
}

/** Start the bus, the daemon and the monitor; the returned `env` is what the app needs. */
export async function startNotifications() {
  const bus = group('dbus-daemon', ['--session', '--nofork', '--print-address=1']);
  const address = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('dbus-daemon did not start')), 10000);
    bus.stdout.on('data', (data) => {
      out += data;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.trim());
      }
    });
    bus.once('error', reject);
  });
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address };
  const daemon = group('dunst', [], env);
  const monitor = group('dbus-monitor', ['--session', "type='method_call',interface='org.freedesktop.Notifications',member='Notify'"], env);
  let recorded = '';
  monitor.stdout.on('data', (data) => (recorded += data));
  // Wait until the daemon owns its name, or a notification would go nowhere.
  for (let i = 0; ; i++) {
    const owner = spawnSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.Notifications'], { env, encoding: 'utf8' });
    if (/boolean true/.test(owner.stdout)) break;
    if (i > 100) throw new Error(`dunst did not take the notification service: ${owner.stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    env,
    /** Everything the notifications said so far, as dbus-monitor printed it. */
    recorded: () => recorded,
    /** Wait for a Notify call whose text matches `pattern`. */
    async waitFor(pattern, timeout = 20000) {
      const end = Date.now() + timeout;
      while (!pattern.test(recorded)) {
        if (Date.now() > end) throw new Error(`no desktop notification matching ${pattern}; recorded:\n${recorded}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    /** Click the newest notification on the screen: Dunst performs its default action,
     * as a click does where the daemon is set to (GNOME and KDE do it by default). */
    click() {
      const result = spawnSync('dunstctl', ['action', '0'], { env, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`dunstctl action failed: ${result.stderr}`);
    },
    stop() {
      for (const child of [monitor, daemon, bus]) stop(child);
    },
  };
}

/** The system's viewer, as the apps find it (xdg-open, first on the `PATH` given to the
 * app): it notes each file it was asked to open. */
export function fakeViewer() {
  const dir = scratchDir('vanphong-viewer-');
  const noted = join(dir, 'opened.txt');
  writeFileSync(join(dir, 'xdg-open'), `#!/bin/sh\necho "$1" >> "${noted}"\n`, { mode: 0o755 });
  return {
    path: (env) => ({ ...env, PATH: `${dir}:${process.env.PATH}` }),
    /** The files opened so far, oldest first. */
    opened: () => (existsSync(noted) ? readFileSync(noted, 'utf8').trim().split('\n') : []),
  };
}

/** A picture of the whole X display (the app window and any notification on it). */
export function screenshotDisplay(path) {
  const result = spawnSync('import', ['-window', 'root', path], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`import failed: ${result.stderr}`);
}
