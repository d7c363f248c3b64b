import { describe, expect, it } from 'vitest';
import { readyBanner } from '../../../src/stack/banner';

describe('npm start banner', () => {
  it('prints the staff console URL when the API serves it, and none when it does not', () => {
    const urls = { api: 'http://localhost:3000', temporal: '127.0.0.1:7233', webUi: 'http://localhost:8233', simulator: 'http://127.0.0.1:3100' };
    const stop = () => Promise.resolve();
    const withConsole = readyBanner({ urls: { ...urls, console: 'http://localhost:3000/console' }, devApiKey: 'nj_key', stop }, 1_000);
    expect(withConsole).toMatch(/^ {2}Staff console {3}http:\/\/localhost:3000\/console {3}\(the escalation worklist and patient messages; local: development sign-in\)$/m);
    expect(readyBanner({ urls, devApiKey: undefined, stop }, 1_000)).not.toContain('Staff console');
  });
});
