#!/usr/bin/env node
import { runCli } from './run';
import { currentOsUser } from '../core/osUser';

// `bluesky plan | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const io = {
  out: (s: string) => process.stdout.write(`${s}\n`),
  err: (s: string) => process.stderr.write(`${s}\n`),
  cwd: process.env.INIT_CWD ?? process.cwd(),
  user: currentOsUser(),
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`工作台内部错误：${String(err)}\n`);
    process.exitCode = 1;
  },
);
