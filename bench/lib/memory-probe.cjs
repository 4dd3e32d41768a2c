// Preloaded into a server by the benchmark (node --expose-gc --require this): on
// SIGUSR2 it collects garbage and prints the process's memory use, so that memory retained per
// stream can be told apart from the garbage collector's headroom.
process.on('SIGUSR2', () => {
  global.gc?.();
  global.gc?.();
  process.stderr.write(`@@memory ${JSON.stringify(process.memoryUsage())}\n`);
});
