package io.unum.agent.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.agent.protocol.Messages.Exec;
import io.unum.agent.protocol.Messages.Output;
import io.unum.agent.protocol.Messages.Stream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  private final MessageCodec codec = new MessageCodec();

  @Test
  void everyMessageSurvivesARoundTrip() throws Exception {
    List<Message> messages = List.of(
        new Messages.Sync(1L, "n-1"),
        new Messages.Synced(1L, "n-1"),
        new Messages.Hello(2L),
        new Messages.HelloReply(2L, 3, "node3", "6.1.0", "0.1.0", Protocol.VERSION, 77),
        new Exec(4L, List.of("sh", "-c", "exit 7"), "/tmp", Map.of("A", "b"), 4096L),
        new Messages.Started(4L, 131072),
        new Messages.Ack(4L, 100),
        new Messages.Exit(4L, 7, null),
        new Messages.Signal(5L, 42, 15),
        new Messages.Poweroff(6L, true),
        new Messages.Ok(6L),
        new Messages.Error(null, ErrorCode.MALFORMED, "bad"),
        new Messages.Heartbeat(null, 9, 12.5, 0.1, 0.2, 0.3, 4.5, 1000, 500, 12));
    for (Message message : messages) {
      String line = codec.encode(message);
      assertThat(line).doesNotContain("\n");
      assertThat(codec.decode(line)).isEqualTo(message);
    }
  }

  @Test
  void outputDataTravelsAsBase64AndKeepsEveryByte() throws Exception {
    byte[] data = new byte[256];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    String line = codec.encode(new Output(8L, Stream.STDERR, data));
    assertThat(line).contains("\"stream\":\"stderr\"").contains("\"type\":\"output\"");
    Output decoded = (Output) codec.decode(line);
    assertThat(decoded.data()).containsExactly(data);
    assertThat(decoded.stream()).isEqualTo(Stream.STDERR);
  }

  @Test
  void notJsonIsMalformed() {
    assertThatThrownBy(() -> codec.decode("{oops"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
          assertThat(e.requestId()).isNull();
        });
    assertThatThrownBy(() -> codec.decode("[1,2]"))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.getMessage()).contains("JSON object"));
  }

  @Test
  void unknownTypeIsNamedAndKeepsTheId() {
    assertThatThrownBy(() -> codec.decode("{\"type\":\"format-disk\",\"id\":12}"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
          assertThat(e.getMessage()).contains("format-disk");
          assertThat(e.requestId()).isEqualTo(12L);
        });
  }

  @Test
  void missingTypeIsMalformed() {
    assertThatThrownBy(() -> codec.decode("{\"id\":3}"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
          assertThat(e.getMessage()).contains("type");
        });
  }

  @Test
  void invalidFieldsAreNamed() {
    assertThatThrownBy(() -> codec.decode("{\"type\":\"exec\",\"id\":5,\"argv\":[]}"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
          assertThat(e.getMessage()).contains("argv");
          assertThat(e.requestId()).isEqualTo(5L);
        });
    assertThatThrownBy(() -> codec.decode("{\"type\":\"signal\",\"id\":6,\"pid\":10,\"signal\":65}"))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.getMessage()).contains("signal").contains("1..64"));
    assertThatThrownBy(() -> codec.decode("{\"type\":\"hello\"}"))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.getMessage()).contains("'id'"));
    assertThatThrownBy(() -> codec.decode("{\"type\":\"signal\",\"id\":6,\"pid\":\"x\",\"signal\":9}"))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
  }

  @Test
  void unknownFieldsAreIgnoredForForwardCompatibility() throws Exception {
    assertThat(codec.decode("{\"type\":\"hello\",\"id\":1,\"future\":true}"))
        .isEqualTo(new Messages.Hello(1L));
  }

  @Test
  void errorReplyCarriesCodeAndId() throws Exception {
    ProtocolException e = new ProtocolException(ErrorCode.TOO_LARGE, "line too long", 4L);
    String line = codec.encode(e.toReply());
    assertThat(line).contains("\"code\":\"too-large\"").contains("\"id\":4");
  }
}
