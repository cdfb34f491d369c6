package io.unum.agent.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.agent.protocol.Messages.Ack;
import io.unum.agent.protocol.Messages.Exec;
import io.unum.agent.protocol.Messages.Exit;
import io.unum.agent.protocol.Messages.Heartbeat;
import io.unum.agent.protocol.Messages.Hello;
import io.unum.agent.protocol.Messages.HelloReply;
import io.unum.agent.protocol.Messages.Ok;
import io.unum.agent.protocol.Messages.Output;
import io.unum.agent.protocol.Messages.Poweroff;
import io.unum.agent.protocol.Messages.Signal;
import io.unum.agent.protocol.Messages.Started;
import io.unum.agent.protocol.Messages.Stream;
import io.unum.agent.protocol.Messages.Sync;
import io.unum.agent.protocol.Messages.Synced;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exact lines the Jackson-databind codec (before the streaming rewrite) wrote for these
 * messages: peers built on either codec must keep understanding each other byte for byte.
 */
class WireFormatTest {
  private final MessageCodec codec = new MessageCodec();

  private record Golden(Message message, String line) {}

  private static final List<Golden> GOLDEN = List.of(
      new Golden(new Sync(1L, "5f0c3e1a-8d47"),
          "{\"type\":\"sync\",\"id\":1,\"nonce\":\"5f0c3e1a-8d47\"}"),
      new Golden(new Synced(1L,
          "n\u00e9\u65e5\ud83d\ude00\u0000\u0001\u001f\n\r\t\"\\/\u2028\u007f"),
          "{\"type\":\"synced\",\"id\":1,\"nonce\":\"n\u00e9\u65e5\ud83d\ude00"
              + "\\u0000\\u0001\\u001F\\n\\r\\t\\\"\\\\/\u2028\u007f\"}"),
      new Golden(new Hello(2L), "{\"type\":\"hello\",\"id\":2}"),
      new Golden(new HelloReply(2L, 3, "node3", "6.1.0-unum", "0.1.0", 1, 212),
          "{\"type\":\"hello-reply\",\"id\":2,\"node\":3,\"hostname\":\"node3\","
              + "\"kernel\":\"6.1.0-unum\",\"agentVersion\":\"0.1.0\",\"protocol\":1,\"pid\":212}"),
      new Golden(new HelloReply(Long.MAX_VALUE, 0, null, null, null, 1, -1),
          "{\"type\":\"hello-reply\",\"id\":9223372036854775807,\"node\":0,\"protocol\":1,"
              + "\"pid\":-1}"),
      new Golden(new Exec(3L, List.of("sh", "-c", "echo hi; echo oops >&2; exit 7"), "/",
          Map.of("LANG", "C.UTF-8"), 1048576L),
          "{\"type\":\"exec\",\"id\":3,\"argv\":[\"sh\",\"-c\",\"echo hi; echo oops >&2; exit 7\"],"
              + "\"cwd\":\"/\",\"env\":{\"LANG\":\"C.UTF-8\"},\"window\":1048576}"),
      new Golden(new Exec(3L, List.of("true"), null, null, null),
          "{\"type\":\"exec\",\"id\":3,\"argv\":[\"true\"]}"),
      new Golden(new Exec(3L, List.of("true"), null, Map.of(), null),
          "{\"type\":\"exec\",\"id\":3,\"argv\":[\"true\"],\"env\":{}}"),
      new Golden(new Started(3L, 4711), "{\"type\":\"started\",\"id\":3,\"pid\":4711}"),
      new Golden(new Ack(3L, 3), "{\"type\":\"ack\",\"id\":3,\"bytes\":3}"),
      new Golden(new Exit(3L, 7, null), "{\"type\":\"exit\",\"id\":3,\"code\":7}"),
      new Golden(new Exit(3L, 143, 15), "{\"type\":\"exit\",\"id\":3,\"code\":143,\"signal\":15}"),
      new Golden(new Signal(4L, 4711, 15),
          "{\"type\":\"signal\",\"id\":4,\"pid\":4711,\"signal\":15}"),
      new Golden(new Signal(4L, 4711, 15, new Messages.Sender(1000, 1000, false)),
          "{\"type\":\"signal\",\"id\":4,\"pid\":4711,\"signal\":15,\"uid\":1000,\"euid\":1000,\"capKill\":false}"),
      new Golden(new Messages.RemoteSignal(7L, 196610, 9, new Messages.Sender(0, 0, true)),
          "{\"type\":\"remote-signal\",\"id\":7,\"pid\":196610,\"signal\":9,\"uid\":0,\"euid\":0,\"capKill\":true}"),
      new Golden(new Messages.Cli(8L, List.of("ps", "-e"), 1000, 100),
          "{\"type\":\"cli\",\"id\":8,\"argv\":[\"ps\",\"-e\"],\"uid\":1000,\"gid\":100}"),
      new Golden(new Messages.Error(9L, ErrorCode.NO_SUCH_PROCESS, "no such process 196610"),
          "{\"type\":\"error\",\"id\":9,\"code\":\"no-such-process\",\"message\":\"no such process 196610\"}"),
      new Golden(new Poweroff(5L, false), "{\"type\":\"poweroff\",\"id\":5,\"reboot\":false}"),
      new Golden(new Poweroff(5L, true), "{\"type\":\"poweroff\",\"id\":5,\"reboot\":true}"),
      new Golden(new Ok(4L), "{\"type\":\"ok\",\"id\":4}"),
      new Golden(new Messages.Error(6L, ErrorCode.FAILED, "no such process 4711"),
          "{\"type\":\"error\",\"id\":6,\"code\":\"failed\",\"message\":\"no such process 4711\"}"),
      new Golden(new Messages.Error(null, ErrorCode.MALFORMED, "x"),
          "{\"type\":\"error\",\"code\":\"malformed\",\"message\":\"x\"}"),
      new Golden(new Messages.Error(null, ErrorCode.UNKNOWN_TYPE, "x"),
          "{\"type\":\"error\",\"code\":\"unknown-type\",\"message\":\"x\"}"),
      new Golden(new Messages.Error(null, ErrorCode.TOO_LARGE, "x"),
          "{\"type\":\"error\",\"code\":\"too-large\",\"message\":\"x\"}"),
      new Golden(new Messages.Error(null, ErrorCode.BAD_REQUEST, "x"),
          "{\"type\":\"error\",\"code\":\"bad-request\",\"message\":\"x\"}"),
      new Golden(new Messages.Error(null, ErrorCode.UNSUPPORTED, "x"),
          "{\"type\":\"error\",\"code\":\"unsupported\",\"message\":\"x\"}"),
      new Golden(new Heartbeat(null, 42, 812.37, 0.12, 0.08, 0.02, 3.5, 392180, 301244, 37),
          "{\"type\":\"heartbeat\",\"seq\":42,\"uptimeSeconds\":812.37,\"load1\":0.12,"
              + "\"load5\":0.08,\"load15\":0.02,\"cpuPercent\":3.5,\"memTotalKiB\":392180,"
              + "\"memAvailableKiB\":301244,\"processes\":37}"),
      new Golden(new Heartbeat(9L, Long.MAX_VALUE, 1e20, -0.0, 1e-7, 123456789.125, 100.0,
          Long.MIN_VALUE, 0, Integer.MAX_VALUE),
          "{\"type\":\"heartbeat\",\"id\":9,\"seq\":9223372036854775807,\"uptimeSeconds\":1.0E20,"
              + "\"load1\":-0.0,\"load5\":1.0E-7,\"load15\":1.23456789125E8,\"cpuPercent\":100.0,"
              + "\"memTotalKiB\":-9223372036854775808,\"memAvailableKiB\":0,"
              + "\"processes\":2147483647}"),
      // JSON has no NaN or infinity: Jackson writes them as strings, and the codec reads them back.
      new Golden(new Heartbeat(null, 1, Double.NaN, Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 0, 0, 0),
          "{\"type\":\"heartbeat\",\"seq\":1,\"uptimeSeconds\":\"NaN\",\"load1\":\"Infinity\","
              + "\"load5\":\"-Infinity\",\"load15\":4.9E-324,\"cpuPercent\":1.7976931348623157E308,"
              + "\"memTotalKiB\":0,\"memAvailableKiB\":0,\"processes\":0}"));

  @Test
  void encodesExactlyAsTheDatabindCodecDid() {
    for (Golden golden : GOLDEN) {
      assertThat(codec.encode(golden.message())).isEqualTo(golden.line());
      assertThat(codec.encodeLine(golden.message()))
          .isEqualTo((golden.line() + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void decodesWhatTheDatabindCodecWrote() throws Exception {
    for (Golden golden : GOLDEN) {
      assertThat(codec.decode(golden.line())).isEqualTo(golden.message());
    }
  }

  @Test
  void outputMatchesTooAndItsBytesSurvive() throws Exception {
    Object[][] cases = {
        {Stream.STDOUT, "hi\n".getBytes(StandardCharsets.UTF_8),
            "{\"type\":\"output\",\"id\":3,\"stream\":\"stdout\",\"data\":\"aGkK\"}"},
        {Stream.STDERR, new byte[] {0, -1, 127, -128, 1},
            "{\"type\":\"output\",\"id\":3,\"stream\":\"stderr\",\"data\":\"AP9/gAE=\"}"},
        {Stream.STDERR, new byte[0],
            "{\"type\":\"output\",\"id\":3,\"stream\":\"stderr\",\"data\":\"\"}"},
    };
    for (Object[] c : cases) {
      Output output = new Output(3L, (Stream) c[0], (byte[]) c[1]);
      assertThat(codec.encode(output)).isEqualTo(c[2]);
      Output decoded = (Output) codec.decode((String) c[2]);
      assertThat(decoded.stream()).isEqualTo(c[0]);
      assertThat(decoded.data()).containsExactly((byte[]) c[1]);
    }
  }
}
