package io.unum.orchestrator.cli;

import io.unum.orchestrator.bench.Samples;
import io.unum.orchestrator.client.ApiTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code unum api-load}: the load generator of {@code unum bench api}, run on a lab host so the
 * clients sit where the bench says ("same host", "another host"). N clients, each with its own
 * keep-alive connection, GET one path in a loop; prints one JSON line of latencies and rate.
 */
@Command(name = "api-load", hidden = true, description = "Load generator for 'unum bench api'.")
final class ApiLoadCommand implements Callable<Integer> {
  @Option(names = "--url", required = true, description = "Base URL of the API.")
  String url;

  @Option(names = "--path", required = true, description = "Path to GET; {n} becomes a node 1..--nodes.")
  String path;

  @Option(names = "--nodes", defaultValue = "64")
  int nodes;

  @Option(names = "--clients", defaultValue = "32")
  int clients;

  @Option(names = "--seconds", defaultValue = "20")
  int seconds;

  @Option(names = "--no-credential", description = "Send no Authorization header (what a token check costs).")
  boolean noCredential;

  @Option(names = "--gzip", description = "Accept gzip, as browsers and curl --compressed do (the body is not unzipped).")
  boolean gzip;

  @Option(names = "--revalidate",
      description = "Poll as a cache does: send the last ETag in If-None-Match; 304 counts as an answer.")
  boolean revalidate;

  @Override
  public Integer call() throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    // The clients are the JDK's HttpClient (one keep-alive connection each, which HttpURLConnection's
    // small pool would not keep for 32); the header they show is the one ApiTransport forms.
    String authorization = noCredential ? null : new ApiTransport(url, () -> CliCredential.resolve(System.getenv()))
        .authorization().orElseThrow(
            () -> new CliFailure("api-load needs a credential ($UNUM_TOKEN, or root's /etc/unum/admin-token)"));
    List<Thread> threads = new ArrayList<>();
    long[][] samples = new long[clients][];
    int[] counts = new int[clients];
    int[] errors = new int[clients];
    for (int c = 0; c < clients; c++) {
      int client = c;
      samples[c] = new long[1 << 16];
      Thread thread = new Thread(() -> {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String tag = null;
        while (System.nanoTime() < end) {
          String target = path.replace("{n}", String.valueOf(1 + ThreadLocalRandom.current().nextInt(nodes)));
          HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + target)).timeout(Duration.ofSeconds(10));
          if (authorization != null) {
            builder.header("Authorization", authorization);
          }
          if (gzip) {
            builder.header("Accept-Encoding", "gzip");
          }
          if (revalidate && tag != null) {
            builder.header("If-None-Match", tag);
          }
          HttpRequest request = builder.build();
          long t0 = System.nanoTime();
          try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            boolean answered = response.statusCode() == 200 || revalidate && response.statusCode() == 304;
            if (!answered || gzip && response.statusCode() == 200
                && !response.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
              errors[client]++;
              continue;
            }
            tag = response.headers().firstValue("ETag").orElse(tag);
          } catch (Exception e) {
            errors[client]++;
            continue;
          }
          if (counts[client] == samples[client].length) {
            samples[client] = Arrays.copyOf(samples[client], counts[client] * 2);
          }
          samples[client][counts[client]++] = System.nanoTime() - t0;
        }
      }, "load-" + c);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long[] all = new long[Arrays.stream(counts).sum()];
    int at = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(samples[c], 0, all, at, counts[c]);
      at += counts[c];
    }
    Arrays.sort(all);
    System.out.printf("{\"requests\": %d, \"errors\": %d, \"perSecond\": %.1f, \"p50Ms\": %.2f, \"p99Ms\": %.2f,"
        + " \"maxMs\": %.2f}%n", all.length, Arrays.stream(errors).sum(), all.length / (double) seconds,
        Samples.percentile(all, 0.50), Samples.percentile(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    return 0;
  }
}
