import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's chromium package; CHROMIUM_PATH points elsewhere. Never a downloaded browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why a real browser cannot be used, or undefined when it can. */
export function missingChromium(): string | undefined {
  return existsSync(chromiumPath)
    ? undefined
    : `no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

/**
 * Headless Chromium in a fresh profile, with everything that would reach off the machine
 * (component updates, sync, background requests, QUIC) turned off. --no-sandbox because
 * the tests may run as root.
 */
const profiles = new WeakMap<BrowserContext, string>();

export async function launchChromium(): Promise<BrowserContext> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'cruddur-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  profiles.set(context, profile);
  return context;
}

/** Closes the browser, then deletes its profile (Chromium writes to it until it exits). */
export async function closeChromium(context: BrowserContext): Promise<void> {
  await context.close();
  const profile = profiles.get(context);
  if (profile) rmSync(profile, { recursive: true, force: true });
}
