// Preloaded (node --import) into a measured CLI run: says the process's peak RSS on stderr as it exits, start-up included.
import fs from 'node:fs';

process.on('exit', () => {
  fs.writeSync(2, `\nBENCH_PEAK_RSS_KB ${process.resourceUsage().maxRSS}\n`);
});
