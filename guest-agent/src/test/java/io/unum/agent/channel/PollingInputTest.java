package io.unum.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class PollingInputTest {

  /** A device that says end-of-file a few times before it has bytes, like a port with no host. */
  private static final class Device extends InputStream {
    final Deque<Integer> script = new ArrayDeque<>();
    int reads;

    @Override
    public int read() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      reads++;
      int next = script.isEmpty() ? -1 : script.poll();
      if (next < 0) {
        return -1;
      }
      b[off] = (byte) next;
      return 1;
    }
  }

  @Test
  void reportsEndOnceThenWaitsForTheNextBytes() throws Exception {
    Device device = new Device();
    for (int i = 0; i < 5; i++) {
      device.script.add(-1);
    }
    device.script.add((int) 'a');
    device.script.add(-1);
    device.script.add((int) 'b');
    PollingInput in = new PollingInput(device, 1);
    assertThat(in.read()).isEqualTo(-1);
    assertThat(in.read()).isEqualTo('a');
    assertThat(device.reads).isEqualTo(6);
    assertThat(in.read()).isEqualTo(-1);
    assertThat(in.read()).isEqualTo('b');
  }
}
