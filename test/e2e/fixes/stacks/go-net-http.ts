/** Go net/http: the snippet is main.go; the app's routes go on its mux at the marker. */
import { goStack } from './go-common';

export const goNetHttp = goStack({ id: 'go-net-http', label: 'Go (net/http)', rsCors: false });
