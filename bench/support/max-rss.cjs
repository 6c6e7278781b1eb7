// Preloaded into a measured child (node --require): reports the process's peak RSS on exit, on
// stderr, in a line the benchmark looks for. Not part of the product.
process.on('exit', () => {
  process.stderr.write(`\nmax-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
