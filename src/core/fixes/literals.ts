/** List literals per language, built on the escapers (one item per escaped string). */
import { csString, goString, javaString, jsString, pyString, rubyString } from './escape';

export const jsArray = (v: string[]) => `[${v.map(jsString).join(', ')}]`;
export const pyList = (v: string[]) => `[${v.map(pyString).join(', ')}]`;
export const goSlice = (v: string[]) => `[]string{${v.map(goString).join(', ')}}`;
export const rubyArray = (v: string[]) => `[${v.map(rubyString).join(', ')}]`;
export const javaList = (v: string[]) => `List.of(${v.map(javaString).join(', ')})`;
export const csArgs = (v: string[]) => v.map(csString).join(', ');
