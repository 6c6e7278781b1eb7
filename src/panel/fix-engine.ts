/**
 * The fix engine as the panel loads it: the policy synthesiser and the 23 stack renderers are the
 * heaviest part of the panel and are only needed once a request is selected, so they live in a
 * chunk of their own, fetched right after the first render (see use-fix-engine.ts). The what-if
 * editor's evaluation rides along: it is only needed once a request is selected too.
 */
export { synthesizePolicy } from '../core/policy';
export { STACKS, stackById } from '../core/fixes/index';
export { reportFix } from '../core/report-fix';
export { serverFixFor } from '../core/server-fix/servers';
export { verifiedLine } from '../core/server-fix/report-sections';
export { cookieReport } from '../core/cookies/report';
export { ServerFixView } from './ServerFixDetail';
export { evaluateDraft } from './what-if-evaluate';
