/**
 * A real IMAP server for the IMAP polling tests: Debian's dovecot (package dovecot-imapd, installed
 * by .ci/run) run in the foreground with its own configuration, users and maildirs in a temporary
 * directory, on a free loopback port. No TLS: the test talks plain IMAP on 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Dovecot {
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

const DOVECOT = '/usr/sbin/dovecot';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('* OK'));
    });
    socket.once('error', () => resolve(false));
  });
}

/** Uid and gid of the `dovecot` system user, who owns the test maildirs. */
async function dovecotUser(): Promise<{ uid: number; gid: number }> {
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith('dovecot:'));
  if (!line) throw new Error('The dovecot user is missing: install dovecot-imapd (see .ci/run)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Start dovecot with one mailbox user; throws if dovecot is not installed. */
export async function startDovecot(): Promise<Dovecot> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-dovecot-'));
  await chmod(dir, 0o755);
  const { uid, gid } = await dovecotUser();
  const port = await freePort();
  const user = 'support@shop.example';
  const password = 'imap-secret';
  const home = join(dir, 'home');
  await mkdir(home, { recursive: true });
  await chown(home, uid, gid);
  await writeFile(join(dir, 'users'), `${user}:{PLAIN}${password}\n`);
  await writeFile(
    join(dir, 'dovecot.conf'),
    `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${home}/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
`,
  );
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    if (await accepting(port)) return { port, user, password, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
  await stop();
  throw new Error(`dovecot did not start: ${output}\n${log}`);
}
