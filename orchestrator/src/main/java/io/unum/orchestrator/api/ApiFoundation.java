package io.unum.orchestrator.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The API's Vert.x and its checked contract, made on a thread of their own from the daemon's first
 * step: they take 2-3 s of CPU (more on a busy host) that the wait for the control plane hides.
 */
public final class ApiFoundation implements AutoCloseable {
  private static final long READY_TIMEOUT_SECONDS = 120;

  private final CompletableFuture<Parts> parts = new CompletableFuture<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private record Parts(Vertx vertx, JsonObject document, OpenAPIContract contract) {}

  private ApiFoundation() {
  }

  /** Begins making them; the first use waits until they are made. */
  public static ApiFoundation prepare() {
    ApiFoundation foundation = new ApiFoundation();
    Thread maker = new Thread(foundation::make, "api-contract");
    maker.setDaemon(true);
    maker.start();
    return foundation;
  }

  private void make() {
    Vertx vertx = null;
    try {
      vertx = Vertx.vertx();
      JsonObject document = ApiContract.document();
      parts.complete(new Parts(vertx, document, ApiContract.load(vertx, document)));
    } catch (RuntimeException | Error e) {
      if (vertx != null) {
        vertx.close();
      }
      parts.completeExceptionally(e);
    }
  }

  Vertx vertx() {
    return parts().vertx();
  }

  /** The document as written, served at {@code /openapi.json}. */
  JsonObject document() {
    return parts().document();
  }

  OpenAPIContract contract() {
    return parts().contract();
  }

  private Parts parts() {
    try {
      return parts.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException failure ? failure
          : new IllegalStateException("cannot make the API: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the API's contract was not ready within " + READY_TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the API's contract was made", e);
    }
  }

  /** Closes the Vert.x (once it is made, should it still be in the making). */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      parts.thenAccept(made -> made.vertx().close());
    }
  }
}
