import { describe, expect, it } from 'vitest';
import { PageSideSites, sitePattern } from '../../../src/background/page-side-sites';

describe('PageSideSites: the sites the page-side scripts go to (inspected tabs only)', () => {
  it('a site is scheme + host, every port (what both browsers’ patterns can say)', () => {
    expect(sitePattern('http://localhost:5173/app?x=1')).toBe('http://localhost/*');
    expect(sitePattern('https://[::1]:8443/')).toBe('https://[::1]/*');
    expect(sitePattern('about:blank')).toBeUndefined();
    expect(sitePattern('data:text/html,x')).toBeUndefined();
    expect(sitePattern(undefined)).toBeUndefined();
  });

  it('the top-level page and the frames the tab loads; other tabs are not asked for', () => {
    const sites = new PageSideSites();
    expect(sites.knowsTop(1)).toBe(false);
    expect(sites.setTop(1, 'http://127.0.0.1:4000/')).toBe(true);
    expect(sites.setTop(1, 'http://127.0.0.1:4001/other')).toBe(false); // same site
    expect(sites.noteRequest(1, 'sub_frame', 'https://frame.test/embed')).toBe(true);
    expect(sites.noteRequest(1, 'sub_frame', 'https://frame.test/again')).toBe(false);
    expect(sites.noteRequest(1, 'xmlhttprequest', 'https://api.test/')).toBe(false);
    expect(sites.noteRequest(2, 'main_frame', 'http://localhost:3000/')).toBe(true);
    expect(sites.patterns([1])).toEqual(['http://127.0.0.1/*', 'https://frame.test/*']);
    expect(sites.patterns([1, 2])).toEqual(['http://127.0.0.1/*', 'http://localhost/*', 'https://frame.test/*']);
    expect(sites.patterns([])).toEqual([]);
  });

  it('a top-level navigation replaces the tab’s sites; closing and un-inspecting forget them', () => {
    const sites = new PageSideSites();
    sites.setTop(1, 'http://127.0.0.1:4000/');
    sites.noteRequest(1, 'sub_frame', 'https://frame.test/embed');
    expect(sites.noteRequest(1, 'main_frame', 'http://localhost:3000/')).toBe(true);
    expect(sites.patterns([1])).toEqual(['http://localhost/*']);
    sites.setTop(2, 'https://two.test/');
    expect(sites.keepOnly([2])).toBe(true);
    expect(sites.patterns([1, 2])).toEqual(['https://two.test/*']);
    expect(sites.forget(2)).toBe(true);
    expect(sites.patterns([2])).toEqual([]);
  });

  it('a page making frames in a loop grows the list to a bound only', () => {
    const sites = new PageSideSites();
    sites.setTop(1, 'http://localhost/');
    for (let i = 0; i < 500; i++) sites.noteRequest(1, 'sub_frame', `https://f${i}.test/`);
    expect(sites.patterns([1]).length).toBe(65);
  });
});
