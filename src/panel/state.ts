/** The panel's state and how background messages change it (pure). */
import type { AnalyzedExchange } from '../core/model';
import type { MissedFailure, ToPanel } from '../shared/protocol';

export interface PanelState {
  /** False until the first snapshot arrives. */
  connected: boolean;
  tabId?: number;
  /** Exchanges in time order. */
  exchanges: AnalyzedExchange[];
  preserveLog: boolean;
  dropped: number;
  /** Page hints the background refused for this tab (the page sent more than its allowance). */
  droppedHints: number;
  /** Cross-origin failures the background counted before this tab was captured. */
  missed: { count: number; listed: MissedFailure[] };
}

export const initialPanelState: PanelState = { connected: false, exchanges: [], preserveLog: false, dropped: 0, droppedHints: 0, missed: { count: 0, listed: [] } };

const byTime = (a: AnalyzedExchange, b: AnalyzedExchange) => a.exchange.startTime - b.exchange.startTime;

export function applyMessage(state: PanelState, message: ToPanel): PanelState {
  switch (message.type) {
    case 'snapshot':
      return {
        connected: true,
        tabId: message.tabId,
        exchanges: [...message.exchanges].sort(byTime),
        preserveLog: message.preserveLog,
        dropped: message.dropped,
        droppedHints: message.droppedHints ?? 0,
        missed: state.missed,
      };
    case 'upsert': {
      const incoming = new Map(message.exchanges.map((a) => [a.exchange.id, a]));
      const kept = state.exchanges.map((a) => incoming.get(a.exchange.id) ?? a);
      const known = new Set(state.exchanges.map((a) => a.exchange.id));
      const added = message.exchanges.filter((a) => !known.has(a.exchange.id));
      const exchanges = added.length === 0 ? kept : [...kept, ...added].sort(byTime);
      return { ...state, exchanges };
    }
    case 'remove': {
      const gone = new Set(message.ids);
      return { ...state, exchanges: state.exchanges.filter((a) => !gone.has(a.exchange.id)) };
    }
    case 'clear':
      return { ...state, exchanges: [] };
    case 'missed':
      return { ...state, missed: { count: message.count, listed: message.listed } };
    case 'state':
      return { ...state, preserveLog: message.preserveLog, dropped: message.dropped, droppedHints: message.droppedHints ?? 0 };
    default:
      return state;
  }
}
