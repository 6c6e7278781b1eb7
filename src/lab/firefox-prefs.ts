/**
 * Firefox prefs for the lab's `public` page (Local Network Access), shared by verify-lab and the
 * e2e suites so both see the same Firefox.
 *
 * - `network.lna.address_space.public.override`: the public lab page's loopback port counts as a
 *   public address, so its requests to the other lab origins cross into the loopback space.
 * - `network.loopback-network.prompt.testing` / `network.localnetwork.prompt.testing` (+ `.allow`):
 *   the answer to the LNA permission prompt, given at once. Firefox's LNAPermissionRequest asks
 *   ContentPermissionRequestBase::CheckPromptPrefs (pref names `network.loopback-network` for
 *   loopback targets and `network.localnetwork` for private ones in Firefox ESR 153's libxul)
 *   before it shows a prompt; with `.allow` false it denies the request without a prompt. Without
 *   these nobody answers the prompt in automation, and the outcome depended on when
 *   `network.lna.prompt.timeout` fired.
 */
export function firefoxLnaPrefs(publicPort: string | number): Record<string, string | boolean> {
  return {
    'network.lna.address_space.public.override': `127.0.0.1:${publicPort}`,
    'network.loopback-network.prompt.testing': true,
    'network.loopback-network.prompt.testing.allow': false,
    'network.localnetwork.prompt.testing': true,
    'network.localnetwork.prompt.testing.allow': false,
  };
}
