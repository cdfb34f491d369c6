package io.unum.orchestrator.client;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A streamed answer (NDJSON, SSE), read line by line as it comes. */
public final class LineStream implements Closeable {
  // Close it from the thread that reads it: HttpURLConnection's chunked stream holds its lock while
  // a read blocks, so a close from elsewhere would wait for the next line.

  private final String base;
  private final BufferedReader reader;

  LineStream(String base, InputStream in) {
    this.base = base;
    this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  /** The next line; null once the answer ended. Throws {@link ApiUnreachableException} when it broke off. */
  public String readLine() {
    try {
      return reader.readLine();
    } catch (IOException e) {
      throw new ApiUnreachableException(base, e);
    }
  }

  /** Ends the exchange; read to its end, the connection may serve the next request. */
  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      // Nothing is left to read or release.
    }
  }
}
