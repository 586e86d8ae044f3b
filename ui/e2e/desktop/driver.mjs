// The real desktop binary driven through tauri-driver, which starts Debian's
// WebKitWebDriver. Needs a display (the test script starts Xvfb).
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { remote } from 'webdriverio';
import { DEMO_PASSWORD, DESKTOP_BIN } from '../harness.mjs';

const PORT = Number(process.env.TAURI_DRIVER_PORT ?? 4444);

/** Start tauri-driver; the apps it starts get `env` (the tests' desktop session bus). A
 * driver runs one app at a time: a second app needs a second driver on another `port`. */
export async function startDriver(env = process.env, port = PORT) {
  const driver = spawn(process.env.TAURI_DRIVER ?? 'tauri-driver', ['--port', String(port), '--native-port', String(port + 1)], {
    env,
    // Its own process group, so that stopping it also stops WebKitWebDriver and the app;
    // and its output through our pipes, so that nothing it leaves behind holds the test
    // runner's output open.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  driver.stdout.pipe(process.stderr);
  driver.stderr.pipe(process.stderr);
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return Object.assign(driver, { port });
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopDriver(driver);
  throw new Error('tauri-driver did not start');
}

/** Stop tauri-driver and everything it started (WebKitWebDriver, the app). */
export async function stopDriver(driver) {
  if (!driver) return;
  const signal = (name) => {
    try {
      process.kill(-driver.pid, name);
    } catch {
      // the group is gone already
    }
  };
  signal('SIGTERM');
  await new Promise((r) => setTimeout(r, 1000));
  signal('SIGKILL');
  driver.stdout?.destroy();
  driver.stderr?.destroy();
}

/** Start the app on `dataDir` (with `args` after it) and return a WebdriverIO session on
 * its window, with the WebView's storage (language choice, session token) cleared as on
 * a new machine. Unless `chosen` is false, the workstation has already chosen to keep
 * its data on this computer (else it asks first, as at a first start). */
export async function openApp(dataDir, args = [], { chosen = true, driver = null } = {}) {
  const choice = join(dataDir, 'desktop.toml');
  if (chosen && !existsSync(choice)) writeFileSync(choice, 'mode = "local"\n');
  const app = await remote({
    hostname: '127.0.0.1',
    port: driver?.port ?? PORT,
    logLevel: 'warn',
    capabilities: {
      browserName: 'wry',
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: DESKTOP_BIN, args: ['--data-dir', dataDir, ...args] },
    },
  });
  await app.$('#app > *').waitForExist({ timeout: 20000 });
  await app.execute(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await app.refresh();
  return app;
}

/** WebKit may hand back the previous frame right after a change. */
export async function screenshot(app, path) {
  await new Promise((r) => setTimeout(r, 500));
  await app.saveScreenshot(path);
}

/** Log in as `username` (demo password) and wait for the dashboard. */
export async function logIn(app, username) {
  const field = await app.$('input[name=username]');
  await field.waitForDisplayed({ timeout: 20000 });
  await field.setValue(username);
  await app.$('input[name=password]').setValue(DEMO_PASSWORD);
  await app.$('button[type=submit]').click();
  await app.$('[data-testid=dashboard]').waitForDisplayed({ timeout: 10000 });
}
