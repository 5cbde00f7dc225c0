// The truth lab's Node.js service: keeps HEAP MiB of live JavaScript objects on V8's heap and
// BUFFERS MiB of Buffers outside it (every page written, as a cache of payloads would), then serves
// HTTP and says `port N`. Stops on /quit, printing process.memoryUsage() in MiB.
const http = require('http');
const [heapMiB, bufferMiB] = process.argv.slice(2).map(Number);
const heap = [];
for (let i = 0; i < heapMiB; i++) heap.push(Array.from({ length: 131072 }, (_, j) => j + 0.5));  // 1 MiB of doubles
const buffers = [];
for (let i = 0; i < bufferMiB; i++) buffers.push(Buffer.alloc(1 << 20, i & 0xff));
const body = Buffer.alloc(64 * 1024, 7);
const server = http.createServer((request, response) => {
  if (request.url === '/quit') {
    response.end();
    const usage = process.memoryUsage();
    const mib = (n) => Math.round(n / 1048576);
    console.log(`usage rss=${mib(usage.rss)} heapUsed=${mib(usage.heapUsed)} external=${mib(usage.external)} arrayBuffers=${mib(usage.arrayBuffers)} kept=${heap.length + buffers.length}`);
    server.close(() => process.exit(0));
    return;
  }
  response.end(body);
});
server.listen(0, '127.0.0.1', () => console.log(`port ${server.address().port}`));
