package io.unum.agent.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Start-up cost of the codec in a fresh JVM: run it as its own process, e.g.
 * {@code java -cp target/classes:target/test-classes:JACKSON_JARS io.unum.agent.protocol.CodecColdStart}.
 * The agent pays this on every node boot, so only the first calls matter, not steady state.
 */
public final class CodecColdStart {
  private CodecColdStart() {}

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    MessageCodec codec = new MessageCodec();
    long t1 = System.nanoTime();
    Message exec = codec.decode("{\"type\":\"exec\",\"id\":3,\"argv\":[\"sh\",\"-c\",\"echo hi\"],"
        + "\"cwd\":\"/\",\"env\":{\"LANG\":\"C.UTF-8\"},\"window\":1048576}");
    long t2 = System.nanoTime();
    String line = codec.encode(new Messages.Output(exec.id(), Messages.Stream.STDOUT,
        "hi\n".getBytes(StandardCharsets.UTF_8)));
    long t3 = System.nanoTime();
    if (!line.contains("aGkK")) {
      throw new AssertionError(line);
    }
    System.out.printf("new=%.1f decode=%.1f encode=%.1f total=%.1f ms%n",
        ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t3 - t0));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
