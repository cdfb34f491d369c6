package io.unum.agent.local;

import io.unum.agent.link.HostCalls;
import io.unum.agent.protocol.ErrorCode;
import io.unum.agent.protocol.Messages;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Serves one connection to the local socket: reads its request, asks the host, answers. */
final class LocalSession {
  /** The helper's exit codes, which the kernel turns into kill(2)'s result. */
  static final int VERDICT_OK = 0;
  static final int VERDICT_ESRCH = 1;
  static final int VERDICT_EPERM = 2;
  static final int VERDICT_EINVAL = 3;
  static final int VERDICT_AGAIN = 4;
  /** Under the kernel's 2 s bound on the helper, so the helper can still say why. */
  static final long SIGNAL_TIMEOUT_MILLIS = 1_800;

  private final HostCalls calls;

  LocalSession(HostCalls calls) {
    this.calls = calls;
  }

  void serve(SocketChannel channel) throws IOException {
    PeerCredentials peer = PeerCredentials.of(channel);
    FrameWriter frames = new FrameWriter(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
    LocalRequest request;
    try {
      request = LocalRequest.read(new BufferedInputStream(Channels.newInputStream(channel)));
    } catch (IllegalArgumentException | IOException e) {
      frames.fail("bad request to the agent: " + e.getMessage(), VERDICT_EINVAL);
      return;
    }
    if (request instanceof LocalRequest.Signal signal) {
      // Only the kernel's helper (root) speaks for kill(2)'s caller; anyone else could lie.
      frames.exit(peer.uid() == 0 ? remoteSignal(signal) : VERDICT_EPERM);
    } else if (request instanceof LocalRequest.Cli cli) {
      command(cli.argv().isEmpty() ? List.of("--help") : cli.argv(), peer, frames);
    }
  }

  private int remoteSignal(LocalRequest.Signal signal) {
    int[] verdict = {VERDICT_AGAIN};
    CountDownLatch done = new CountDownLatch(1);
    long id = calls.call(callId -> new Messages.RemoteSignal(callId, signal.pid(), signal.signal(), signal.sender()),
        new HostCalls.Listener() {
          @Override
          public void onEnd(int code) {
            verdict[0] = VERDICT_OK;
            done.countDown();
          }

          @Override
          public void onError(ErrorCode code, String message) {
            verdict[0] = verdict(code);
            done.countDown();
          }
        });
    try {
      if (!done.await(SIGNAL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
        calls.cancel(id);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      calls.cancel(id);
    }
    return verdict[0];
  }

  static int verdict(ErrorCode code) {
    return switch (code) {
      case NO_SUCH_PROCESS -> VERDICT_ESRCH;
      case NOT_PERMITTED -> VERDICT_EPERM;
      case BAD_REQUEST -> VERDICT_EINVAL;
      default -> VERDICT_AGAIN;
    };
  }

  /** Streams the host's answer to the client until the command's exit. */
  private void command(List<String> argv, PeerCredentials peer, FrameWriter frames) {
    CountDownLatch done = new CountDownLatch(1);
    calls.call(id -> new Messages.Cli(id, argv, peer.uid(), peer.gid()), new HostCalls.Listener() {
      @Override
      public void onOutput(Messages.Stream stream, byte[] data) {
        frames.data(stream == Messages.Stream.STDERR, data);
      }

      @Override
      public void onEnd(int code) {
        frames.exit(code);
        done.countDown();
      }

      @Override
      public void onError(ErrorCode code, String message) {
        frames.fail(message, 1);
        done.countDown();
      }
    });
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
