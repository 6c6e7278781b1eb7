/** Go + github.com/rs/cors (Debian's golang-github-rs-cors-dev, built offline). */
import { goStack } from './go-common';

export const goRsCors = goStack({ id: 'go-rs-cors', label: 'Go (rs/cors)', rsCors: true });
