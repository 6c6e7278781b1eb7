// The Worker before the fix: it only forwards to the origin.
export default {
  async fetch(request) {
    return fetch(request);
  },
};
