/**
 * The grant page: a plain extension tab whose one button calls `permissions.request` (Firefox
 * offers that API to no DevTools panel, so the panel opens this page instead). The patterns come
 * from the query string and are shown as text; only port-less http(s) host patterns are asked for.
 */
import { patternsOfGrantPage, requestAccess } from '../platform/hosts';

const HOST_PATTERN = /^(\*|https?):\/\/(\*|(\*\.)?[^/*\s]+)\/\*$/;
const patterns = patternsOfGrantPage(location.search).filter((p) => HOST_PATTERN.test(p));

const list = document.getElementById('origins') as HTMLUListElement;
const button = document.getElementById('allow') as HTMLButtonElement;
const result = document.getElementById('result') as HTMLParagraphElement;

for (const p of patterns) {
  const li = document.createElement('li');
  const code = document.createElement('code');
  code.textContent = p === '*://*/*' ? 'every site (http and https)' : p.replace(/\/\*$/, '');
  li.append(code);
  list.append(li);
}
if (patterns.length === 0) {
  button.disabled = true;
  result.textContent = 'Nothing to allow: open this page from the CORS panel’s “Allow” buttons.';
}

button.addEventListener('click', () => {
  // No await before the request: it must run inside this click.
  void requestAccess(patterns).then((outcome) => {
    if (outcome === 'granted') {
      result.textContent = 'Allowed. Back in DevTools, the CORS panel now records these sites; this tab closes itself.';
      button.disabled = true;
      setTimeout(() => window.close(), 1500);
    } else if (outcome === 'declined') {
      result.textContent = 'Not allowed. Nothing changed; you can try again.';
    } else {
      result.textContent = 'The browser refused the request. Use the add-on manager’s Permissions tab instead.';
    }
  });
});
