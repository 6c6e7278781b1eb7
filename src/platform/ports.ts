/** Long-lived runtime ports between the background and the panels. */
import { ext } from './browser';

export interface PortLike<In, Out> {
  readonly name: string;
  post(message: Out): void;
  onMessage(cb: (message: In) => void): void;
  onDisconnect(cb: () => void): void;
  disconnect(): void;
}

function wrap<In, Out>(port: chrome.runtime.Port): PortLike<In, Out> {
  return {
    name: port.name,
    post: (message) => port.postMessage(message),
    onMessage: (cb) => port.onMessage.addListener((m: unknown) => cb(m as In)),
    onDisconnect: (cb) => port.onDisconnect.addListener(() => cb()),
    disconnect: () => port.disconnect(),
  };
}

/** Panel side: connect to the background. */
export function connectPort<In, Out>(name: string): PortLike<In, Out> {
  return wrap<In, Out>(ext.runtime.connect({ name }));
}

/** Background side: accept connections (register at top level). */
export function onPortConnect<In, Out>(cb: (port: PortLike<In, Out>) => void): void {
  ext.runtime.onConnect.addListener((port) => cb(wrap<In, Out>(port)));
}
