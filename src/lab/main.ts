/**
 * `npm run lab`: the CORS lab on fixed ports, until Ctrl-C.
 * Ports: --page-port / --api-port / --third-port (or LAB_PAGE_PORT / LAB_API_PORT / LAB_THIRD_PORT);
 * defaults 7800 / 7801 / 7802 (closed 7803, public page 7804, https page 7805), outside every helper's test range.
 */
import { startLab } from './server';
import { scenarios } from './scenarios/index';

function portArg(flag: string, env: string, fallback: number): number {
  const i = process.argv.indexOf(flag);
  const raw = i !== -1 ? process.argv[i + 1] : process.env[env];
  const n = Number(raw);
  if (raw === undefined || raw === '') return fallback;
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`invalid port for ${flag}: ${raw}`);
    process.exit(2);
  }
  return n;
}

const lab = await startLab({
  pagePort: portArg('--page-port', 'LAB_PAGE_PORT', 7800),
  apiPort: portArg('--api-port', 'LAB_API_PORT', 7801),
  thirdPort: portArg('--third-port', 'LAB_THIRD_PORT', 7802),
  closedPort: portArg('--closed-port', 'LAB_CLOSED_PORT', 7803),
  publicPort: portArg('--public-port', 'LAB_PUBLIC_PORT', 7804),
  securePort: portArg('--secure-port', 'LAB_SECURE_PORT', 7805),
});

console.log(`CORS Lab — ${scenarios.length} scenarios (${scenarios.filter((s) => s.featured).length} featured)`);
console.log(`  page             ${lab.pageUrl}`);
console.log(`  api (cross-site) ${lab.apiOrigin}`);
console.log(`  api (same-site)  ${lab.apiSameSiteOrigin}`);
console.log(`  third origin     ${lab.thirdOrigin}`);
console.log(`  closed port      ${lab.closedOrigin}`);
console.log(`  public page      ${lab.publicPageOrigin}/  (Local Network Access: start Chrome with --ip-address-space-overrides=127.0.0.1:${new URL(lab.publicPageOrigin ?? lab.pageOrigin).port}=public)`);
console.log(`  COEP page        ${lab.pageOrigin}/coep`);
console.log(
  lab.securePageOrigin
    ? `  https page       ${lab.securePageOrigin}/  (mixed content: start Chrome with --ignore-certificate-errors --host-resolver-rules="MAP ${new URL(lab.namedApiOrigin ?? lab.apiOrigin).hostname} 127.0.0.1")`
    : '  https page       (none: openssl is missing)',
);
console.log(`  request log      ${lab.pageOrigin}/__lab/log`);
console.log('Ctrl-C to stop.');

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: closing the lab…`);
  lab.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
