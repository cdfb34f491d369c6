package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.bench.BenchReport;
import io.unum.orchestrator.bench.BenchResult;
import io.unum.orchestrator.bench.Figure;
import io.unum.orchestrator.bench.Machine;
import io.unum.orchestrator.bench.ReportWriter;
import io.unum.orchestrator.lab.LabLayout;
import io.unum.orchestrator.testing.Await;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in Debian's chromium (headless) against the real lab: each test signs in first
 * (with the host's admin token); it shows every host and node as the API does, changes the run
 * level 3 -> 1 -> 3 and boots the cluster with a bar per node, migrates a node, says so while its
 * stream is down and, when the orchestrator it talks to dies, moves to another host and asks to
 * sign in there, shows a refusal in the API's words, fits a phone's width and is driven by the
 * keyboard, refuses a wrong credential and signs out; the browser's console has no errors but
 * those named. Screenshots of each view go to target/console/ (and on failure).
 */
@UnumLab(hosts = 3, nodes = 3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(13)
class ConsoleLabIT {
  private static final Path SHOTS = Path.of("target", "console");
  /** What the page writes to the browser's log, which outlives the page, when its stream-down banner shows. */
  private static final String BANNER_SHOWN = "[ConsoleLabIT] stream-down banner shown";

  private final HostLab lab;
  private ChromeDriver browser;

  ConsoleLabIT(HostLab lab) {
    this.lab = lab;
  }

  @BeforeAll
  void openBrowser() throws Exception {
    Files.createDirectories(SHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    logs.enable(LogType.PERFORMANCE, Level.ALL); // the network's events: what a stuck page waits for
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService driver = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
    browser = new ChromeDriver(driver, options);
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
  }

  @AfterAll
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  /** What the page showed and logged when each test ended: its picture, its address and DOM, the browser's log. */
  @AfterEach
  void screenshotOnFailure(TestInfo test) throws Exception {
    String name = "last-" + test.getTestMethod().orElseThrow().getName();
    shot(name);
    StringBuilder page = new StringBuilder(browser.getCurrentUrl()).append('\n')
        .append(js("return document.documentElement.outerHTML")).append("\n--- browser log\n");
    browserLog().forEach(entry -> page.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n'));
    page.append("--- network: requests sent, answers, failures\n");
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE).getAll()) {
      com.fasterxml.jackson.databind.JsonNode event = json.readTree(entry.getMessage()).path("message");
      com.fasterxml.jackson.databind.JsonNode params = event.path("params");
      String what = switch (event.path("method").asText()) {
        case "Network.requestWillBeSent" -> "SENT " + params.path("request").path("method").asText() + " "
            + params.path("request").path("url").asText();
        case "Network.responseReceived" -> "ANSWERED " + params.path("response").path("status").asInt();
        case "Network.loadingFailed" -> "FAILED " + params.path("errorText").asText();
        default -> null;
      };
      if (what != null) {
        page.append(entry.getTimestamp()).append(' ').append(params.path("requestId").asText()).append(' ')
            .append(what).append('\n');
      }
    }
    Files.writeString(SHOTS.resolve(name + ".txt"), page);
  }

  private void shot(String name) throws Exception {
    File png = browser.getScreenshotAs(OutputType.FILE);
    Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** The console as a user opens it: from a host's own API address, as a rack's hosts are reached. */
  private void open(int host, String hash) {
    browser.get("http://" + LabLayout.address(host) + ":" + LabLayout.API_PORT + "/" + hash);
  }

  /**
   * The page at host {@code host} with no session at any host: the sign-in view. Each test signs
   * in itself, at the host it opens.
   */
  private void openSignedOut(int host, String hash) throws Exception {
    browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    browser.get("about:blank"); // a page loaded anew, not a hash change of the one before
    consoleErrors(); // what came before
    open(host, hash);
    Await.until("the sign-in view of host " + host, Duration.ofSeconds(30), () -> !all("signin").isEmpty());
  }

  /** Signs in on the sign-in view with host {@code host}'s admin token; waits for the app. */
  private void submitToken(int host) throws Exception {
    WebElement token = all("signin-token").get(0);
    token.clear();
    token.sendKeys(adminToken(host));
    all("signin-submit").get(0).click();
    Await.until("the app, signed in at host " + host, Duration.ofSeconds(30),
        () -> text("session").startsWith("root (admin)"));
  }

  /** Opens the page at host {@code host} and signs in there. */
  private void signIn(int host) throws Exception {
    signIn(host, "");
  }

  private void signIn(int host, String hash) throws Exception {
    openSignedOut(host, hash);
    submitToken(host);
    assertOnlySessionChecksFailed();
  }

  /**
   * Host {@code host}'s admin token: root's, written by its daemon on first start to /etc/unum,
   * the host's config dir here.
   */
  private static String adminToken(int host) {
    return Api.token(HostLab.adminToken(host));
  }

  /** The lab host whose API address the URL names. */
  private int hostOf(String url) {
    for (int h = 1; h <= lab.hosts(); h++) {
      if (url.contains("//" + LabLayout.address(h) + ":")) {
        return h;
      }
    }
    throw new AssertionError("no lab host in " + url);
  }

  /** The browser's report of the page asking whether it is signed in, when it was not (401). */
  private static boolean isSessionCheck(String error) {
    return error.contains("/api/v1/session") && error.contains("status of 401");
  }

  /** The page asked whether it was signed in and was told no, as the browser reports; nothing else failed. */
  private void assertOnlySessionChecksFailed() {
    assertThat(consoleErrors()).allMatch(ConsoleLabIT::isSessionCheck, "only the page's question whether it is signed in");
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  /** The result an async script hands to its callback (the last argument). */
  private Object asyncJs(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeAsyncScript(script, args);
  }

  private List<WebElement> all(String test) {
    return browser.findElements(By.cssSelector("[data-test='" + test + "']"));
  }

  /** The text of the first element marked {@code test}; "" when there is none or it went as it was read (a re-render). */
  private String text(String test) {
    List<WebElement> found = all(test);
    try {
      return found.isEmpty() ? "" : found.get(0).getText();
    } catch (StaleElementReferenceException e) {
      return "";
    }
  }

  /** An attribute of the first element marked {@code test}; "" as {@link #text} says. */
  private String attribute(String test, String name) {
    List<WebElement> found = all(test);
    try {
      return found.isEmpty() ? "" : found.get(0).getAttribute(name);
    } catch (StaleElementReferenceException e) {
      return "";
    }
  }

  private String nodeChipState(int node) {
    return attribute("node-" + node, "data-state");
  }

  /** Whether the open view's charts have two samples and a node view's processes and console came. */
  private boolean drawn() {
    return Boolean.TRUE.equals(js("return [...document.querySelectorAll('unum-load-chart')]"
        + ".every(c => c.plot && c.plot.data[0].length >= 2)"
        + " && [...document.querySelectorAll('[data-test=processes] tbody')].every(t => t.rows.length > 0)"
        + " && [...document.querySelectorAll('[data-test=console]')].every(p => p.textContent.length > 0)"));
  }

  /** How many samples each load chart on the page has drawn. */
  private List<Integer> chartSamples() {
    List<Integer> samples = new ArrayList<>();
    for (Object n : (List<?>) js("return [...document.querySelectorAll('unum-load-chart')]"
        + ".map(c => c.plot ? c.plot.data[0].length : 0)")) {
      samples.add(((Number) n).intValue());
    }
    return samples;
  }

  /** The host whose column shows the node's chip. */
  private String columnOf(int node) {
    for (int h = 1; h <= lab.hosts(); h++) {
      String name = HostLab.name(h);
      if (!browser.findElements(By.cssSelector("[data-test='host-" + name + "'] [data-test='node-" + node + "']"))
          .isEmpty()) {
        return name;
      }
    }
    return "";
  }

  /** What the page wrote to the browser's console since the last call (of this or consoleErrors). */
  private List<LogEntry> browserLog() {
    return browser.manage().logs().get(LogType.BROWSER).getAll();
  }

  /** Errors the page wrote to the browser's console since the last call. */
  private List<String> consoleErrors() {
    return errors(browserLog());
  }

  private static List<String> errors(List<LogEntry> log) {
    List<String> errors = new ArrayList<>();
    for (LogEntry entry : log) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(entry.getMessage());
      }
    }
    return errors;
  }

  @Test
  @Order(1)
  void theClusterViewShowsEveryHostAndNodeAsTheApiDoes() throws Exception {
    signIn(1);
    long t0 = System.nanoTime();
    Await.until("every node's chip in its host's column", Duration.ofSeconds(30), () -> {
      for (JsonNode node : lab.api(1).get("/api/v1/nodes").body()) {
        if (!columnOf(node.path("node").asInt()).equals(node.path("host").asText())) {
          return false;
        }
      }
      return true;
    });
    System.out.printf("[console] cluster view with every node placed %.2f s after sign-in%n",
        (System.nanoTime() - t0) / 1e9);
    for (JsonNode node : lab.api(2).get("/api/v1/nodes").body()) {
      assertThat(nodeChipState(node.path("node").asInt())).isEqualTo(node.path("state").asText());
    }
    for (int h = 1; h <= lab.hosts(); h++) {
      assertThat(all("host-" + HostLab.name(h))).hasSize(1);
    }
    assertThat(text("run-level")).isEqualTo(lab.api(1).get("/api/v1/cluster").body().path("runLevel").asText());
    assertThat(all("stream-down")).as("the event stream is up").isEmpty();
    Await.until("two load samples drawn in every host's chart", Duration.ofSeconds(20),
        () -> chartSamples().size() == lab.hosts() && chartSamples().stream().allMatch(n -> n >= 2));
    Await.until("four load samples in every host's chart, for the screenshot", Duration.ofSeconds(30),
        () -> chartSamples().stream().allMatch(n -> n >= 4));
    shot("cluster-view");
    open(1, "#/activity");
    Await.until("the activity view", Duration.ofSeconds(10), () -> !all("events").isEmpty());
    // The audit log there has this very sign-in: root's POST of a session.
    Await.until("the sign-in in the activity view's audit log", Duration.ofSeconds(15),
        () -> all("audit-row").stream().anyMatch(row -> row.getText().contains("root")
            && row.getText().contains("/api/v1/session")));
    shot("activity-view");
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  @Order(2)
  void theRunLevelGoesThreeToOneToThreeAndTheClusterBootsWithABarPerNode() throws Exception {
    try {
      runLevelThreeToOneToThree();
    } finally {
      lab.restore(); // the tests after this one need every node running, whatever happened here
    }
  }

  private void runLevelThreeToOneToThree() throws Exception {
    signIn(1);
    Await.until("the cluster view", Duration.ofSeconds(30), () -> !all("level-select").isEmpty());
    new Select(all("level-select").get(0)).selectByValue("1");
    all("level-apply").get(0).click();
    Await.until("nodes 2 and 3 stopped on the page", Duration.ofSeconds(120),
        () -> nodeChipState(2).equals("stopped") && nodeChipState(3).equals("stopped")
            && nodeChipState(1).equals("running") && text("run-level").equals("1"));

    // Back to 3 with the boot button (the default level): a bar per node until each has joined.
    all("boot").get(0).click();
    Map<Integer, Integer> highest = new TreeMap<>();
    Await.until("every node running again", Duration.ofSeconds(240), () -> {
      for (int node = 1; node <= 3; node++) {
        String bar = attribute("boot-" + node, "value");
        if (!bar.isEmpty()) {
          highest.merge(node, (int) Double.parseDouble(bar), Math::max);
        }
      }
      return nodeChipState(1).equals("running") && nodeChipState(2).equals("running")
          && nodeChipState(3).equals("running");
    });
    System.out.printf("[console] boot bars seen at their highest: %s (5 = joined)%n", highest);
    assertThat(highest).as("nodes 2 and 3 showed a bar that reached its end").containsEntry(2, 5).containsEntry(3, 5);
    Await.until("run level 3 on the page", Duration.ofSeconds(30), () -> text("run-level").equals("3"));
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  @Order(3)
  void aNodeMigratedFromItsViewMovesOnThePage() throws Exception {
    JsonNode node3 = lab.api(1).node(3);
    String from = node3.path("host").asText();
    String to = from.equals(HostLab.name(1)) ? HostLab.name(2) : HostLab.name(1);
    signIn(1, "#/node/3");
    Await.until("node 3's view", Duration.ofSeconds(30), () -> text("node-host").equals(from) && !all("migrate").isEmpty()
        && all("migrate").get(0).isEnabled());
    Await.until("two load samples drawn in node 3's chart", Duration.ofSeconds(20),
        () -> chartSamples().size() == 1 && chartSamples().get(0) >= 2);
    shot("node-view");
    new Select(all("migrate-target").get(0)).selectByValue(to);
    long t0 = System.nanoTime();
    all("migrate").get(0).click();
    Await.until("node 3 on " + to + " in its view", Duration.ofSeconds(60), () -> text("node-host").equals(to)
        && text("node-state").equals("running"));
    System.out.printf("[console] node 3 %s -> %s from its view: %.2f s to the page showing it there%n", from, to,
        (System.nanoTime() - t0) / 1e9);
    assertThat(lab.api(2).node(3).path("host").asText()).isEqualTo(to);
    open(1, "#/activity");
    Await.until("the move with its downtime in the history", Duration.ofSeconds(30), () -> browser.findElements(
        By.cssSelector("[data-test^='downtime-']")).stream().anyMatch(td -> td.getText().matches("\\d+ ms")));
    open(1, "");
    Await.until("node 3's chip in " + to + "'s column", Duration.ofSeconds(30), () -> columnOf(3).equals(to));
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  @Order(4)
  void whenTheOrchestratorThePageTalksToDiesThePageGoesOnWithAnother() throws Exception {
    signIn(1); // and at no other host: the one the page moves to asks to sign in there
    Await.until("the cluster view via host 1", Duration.ofSeconds(30), () -> text("via").contains(LabLayout.address(1))
        && !all("node-1").isEmpty());
    // The banner may be up for a second only, and then the page leaves for another host: the page
    // notes that it showed in the browser's log, which outlives it.
    js("const seen = new MutationObserver(() => { if (document.querySelector(\"[data-test='stream-down']\")) {"
        + " console.warn('" + BANNER_SHOWN + "'); seen.disconnect(); } });"
        + " seen.observe(document.body, { subtree: true, childList: true })");
    assertThat(Launcher.unum("lab", "kill", HostLab.name(1)).exitCode()).isZero();
    long t0 = System.nanoTime();
    String dead = LabLayout.address(1) + ":" + LabLayout.API_PORT;
    Await.until("the sign-in view of another host", Duration.ofSeconds(60),
        () -> !browser.getCurrentUrl().contains("//" + dead + "/") && !all("signin").isEmpty());
    int other = hostOf(browser.getCurrentUrl());
    String there = LabLayout.address(other) + ":" + LabLayout.API_PORT;
    System.out.printf("[console] sign-in at %s shown %.1f s after host 1's orchestrator was killed%n", there,
        (System.nanoTime() - t0) / 1e9);
    assertThat(text("signin")).as("the sign-in view names the host that died and the one to sign in at")
        .contains(dead).contains(there);
    shot("signin-after-failover");
    List<LogEntry> log = browserLog();
    assertThat(log).as("the page said its state may be out of date while the stream was down")
        .anyMatch(e -> e.getMessage().contains(BANNER_SHOWN));
    // Requests to the dead host fail, and the new host has no session of the page, as the
    // browser reports; nothing else may.
    assertThat(errors(log)).allMatch(e -> e.contains(LabLayout.address(1)) || isSessionCheck(e),
        "only requests to the dead host and the question whether the page is signed in at the new one");

    long t1 = System.nanoTime();
    submitToken(other);
    Await.until("the page on host " + other + ", its stream up again", Duration.ofSeconds(60),
        () -> text("via").contains(there) && all("stream-down").isEmpty());
    System.out.printf("[console] page back live via %s %.1f s after sign-in there%n", there, (System.nanoTime() - t1) / 1e9);
    // Live again: a change made now shows.
    String host2 = HostLab.name(2);
    assertThat(lab.api(2).put("/api/v1/hosts/" + host2 + "/maintenance", "{\"enabled\": true}").status())
        .isEqualTo(200);
    Await.until(host2 + " in maintenance on the page", Duration.ofSeconds(30),
        () -> text("host-" + host2).contains("maintenance"));
    assertThat(lab.api(2).put("/api/v1/hosts/" + host2 + "/maintenance", "{\"enabled\": false}").status())
        .isEqualTo(200);
    Await.until(host2 + " out of maintenance on the page", Duration.ofSeconds(30),
        () -> !text("host-" + host2).contains("maintenance"));
    lab.startAgain(1);
    assertThat(consoleErrors()).allMatch(e -> e.contains(LabLayout.address(1)), "only requests to the dead host fail");
  }

  /** The console's own figures (window.unumMetrics, kept by the page): see app.js. */
  @Test
  @Order(5)
  void benchmarkFirstRenderAndEventToScreen() throws Exception {
    signIn(2); // the loads below go on with its session
    List<Long> firstRenders = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      browser.get("about:blank");
      open(2, "");
      Await.until("the first full render", Duration.ofSeconds(30), () -> js(
          "return window.unumMetrics && window.unumMetrics.firstRenderMillis") != null);
      firstRenders.add(((Number) js(
          "return window.unumMetrics.firstRenderMillis")).longValue());
    }
    Await.until("the stream up", Duration.ofSeconds(30), () -> all("stream-down").isEmpty());
    Thread.sleep(1000);
    js("window.unumMetrics.eventToScreenMillis = []");
    int changes = 100;
    for (int i = 0; i < changes; i++) {
      // A label set: a node.updated event, the nodes read again, the view drawn.
      assertThat(lab.api(3).patch("/api/v1/nodes/1", "{\"labels\": {\"console-bench\": \"v" + i + "\"}}").status())
          .isEqualTo(200);
      Thread.sleep(100);
    }
    Thread.sleep(2000);
    List<Long> delays = new ArrayList<>();
    for (Object d : (List<?>) js("return window.unumMetrics.eventToScreenMillis")) {
      delays.add(((Number) d).longValue());
    }
    lab.api(3).patch("/api/v1/nodes/1", "{\"labels\": {\"console-bench\": null}}");
    firstRenders.sort(null);
    delays.sort(null);
    assertThat(delays.size()).as("every change reached the screen").isGreaterThanOrEqualTo(changes);
    System.out.printf("[console] bench: first full render p50 %d ms, max %d ms (5 loads, target <= 1000);"
        + " event to screen p50 %d ms, p99 %d ms, max %d ms over %d events (target p99 <= 500)%n",
        firstRenders.get(2), firstRenders.get(4), delays.get(delays.size() / 2),
        delays.get((int) Math.ceil(delays.size() * 0.99) - 1), delays.get(delays.size() - 1), delays.size());
    assertThat(consoleErrors()).isEmpty();
  }

  /**
   * A refusal in the API's words: the run level cannot change while a node job runs. Node 2's copy
   * stays under way while the page asks, slowed to 2 MiB/s (its first pass alone, some 90 MiB of a
   * running idle guest, lasts the best part of a minute); the cancel then leaves it home.
   */
  @Test
  @Order(6)
  void aRefusedActionShowsTheApisProblemInPlainWords() throws Exception {
    String from = lab.api(2).node(2).path("host").asText();
    String to = from.equals(HostLab.name(3)) ? HostLab.name(2) : HostLab.name(3);
    Api.Response accepted = lab.api(2).post("/api/v1/nodes/2/migrate",
        "{\"to\": \"" + to + "\", \"bandwidthMiBps\": 2}");
    String job = accepted.body().path("id").asText();
    try {
      assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
      signIn(2, "#/node/2");
      Await.until("node 2's view showing its migration with a bar", Duration.ofSeconds(30),
          () -> text("job").contains("migrate to " + to) && !browser.findElements(By.cssSelector("[data-test='job'] progress")).isEmpty());
      assertThat(all("migrate").get(0).isEnabled()).as("no second move while one runs").isFalse();
      shot("node-view-migrating");
      consoleErrors();

      open(2, "");
      Await.until("the cluster view", Duration.ofSeconds(30),
          () -> !all("level-apply").isEmpty() && all("level-apply").get(0).isEnabled());
      all("level-apply").get(0).click();
      Await.until("the refusal on the page", Duration.ofSeconds(15), () -> !all("problem").isEmpty());
      String problem = text("problem");
      System.out.printf("[console] refusal shown: %s%n", problem.lines().findFirst().orElse(""));
      assertThat(problem).contains("node 2 has job " + job).contains("a run-level change waits for node jobs")
          .doesNotContain("{", "HTTP 409");
      shot("refusal");
      browser.findElement(By.cssSelector("[data-test='problem'] button")).click();
      Await.until("the refusal dismissed", Duration.ofSeconds(5), () -> all("problem").isEmpty());
      assertThat(lab.api(1).get("/api/v1/jobs/" + job).body().path("state").asText()).as("the refusal changed nothing")
          .isIn("queued", "running");
      // The browser reports the refused request itself; nothing else may be in its log.
      assertThat(consoleErrors()).allMatch(e -> e.contains("runlevel") && e.contains("409"), "only the refused request");
    } finally {
      if (!job.isEmpty()) { // without a job the assertion on the answer above says why
        lab.api(2).post("/api/v1/jobs/" + job + "/cancel", null);
        Await.until("job " + job + " ended", Duration.ofSeconds(60), () -> List.of("succeeded", "failed").contains(
            lab.api(2).get("/api/v1/jobs/" + job).body().path("state").asText()));
      }
      Await.until("node 2 running, its agent answering", Duration.ofSeconds(120), () -> lab.api(2).node(2).path("state").asText()
          .equals("running") && lab.api(2).run(2, "true").exit() == 0);
    }
  }

  /** At a phone's width (390 CSS px) every view fits, the sign-in view too: nothing makes the page scroll sideways. */
  @Test
  @Order(7)
  void atAPhonesWidthNoViewScrollsSideways() throws Exception {
    browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
    try {
      openSignedOut(2, "");
      shot("phone-signin-view");
      assertFitsThePhone("sign-in");
      submitToken(2);
      assertOnlySessionChecksFailed();
      Map<String, String> views = new LinkedHashMap<>();
      views.put("cluster", "");
      views.put("node", "#/node/1");
      views.put("activity", "#/activity");
      for (Map.Entry<String, String> view : views.entrySet()) {
        open(2, view.getValue());
        Await.until("the " + view.getKey() + " view", Duration.ofSeconds(30), () -> !all("node-1").isEmpty() || !all("node-state").isEmpty()
            || !all("events").isEmpty());
        Await.until("the " + view.getKey() + " view drawn: its charts, processes and console", Duration.ofSeconds(30),
            this::drawn);
        shot("phone-" + view.getKey() + "-view");
        assertFitsThePhone(view.getKey());
      }
    } finally {
      browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
    assertThat(consoleErrors()).isEmpty();
  }

  private void assertFitsThePhone(String view) {
    assertThat(js("return window.innerWidth")).isEqualTo(390L);
    // What sticks out, outside the boxes that scroll on their own (tables, the console).
    Object wide = js("const w = document.documentElement.clientWidth; return [...document.querySelectorAll('body *')]"
        + ".filter(e => e.getBoundingClientRect().right > w + 1 && !e.parentElement.closest('.scroll, pre'))"
        + ".slice(0, 5).map(e => e.tagName + '.' + e.className).join(', ')");
    assertThat(js("return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
        .as("%s view: sideways overflow (wider: %s)", view, wide).isEqualTo(0L);
  }

  /** Tab reaches every control of a view in turn, the sign-in view's too, and Enter on a node's chip opens it. */
  @Test
  @Order(8)
  void everyControlIsReachedWithTheKeyboard() throws Exception {
    openSignedOut(2, "");
    tabThroughEveryControl("sign-in view");
    submitToken(2);
    assertOnlySessionChecksFailed();
    Await.until("the cluster view", Duration.ofSeconds(30),
        () -> !all("node-1").isEmpty() && !all("level-apply").isEmpty());
    tabThroughEveryControl("cluster view");
    boolean onChip = false;
    for (int i = 0; i < 40 && !onChip; i++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
      onChip = "node-1".equals(js("return document.activeElement.dataset.test"));
    }
    assertThat(onChip).as("Tab reaches node 1's chip").isTrue();
    new Actions(browser).sendKeys(Keys.ENTER).perform();
    Await.until("node 1's view opened from the keyboard", Duration.ofSeconds(10), () -> "#/node/1".equals(js("return location.hash"))
        && !all("node-state").isEmpty());
    tabThroughEveryControl("node view");
    assertThat(consoleErrors()).isEmpty();
  }

  /**
   * A wrong token is refused in the API's words, with nothing of the cluster shown and nothing
   * of the secret in the browser's log; the right one opens the console; signing out ends the
   * session, so the page's own requests are refused afterwards.
   */
  @Test
  @Order(9)
  void aWrongCredentialIsRefusedAndSignOutEndsTheSession() throws Exception {
    openSignedOut(3, "");
    String wrong = "unum_000000000000_" + "A".repeat(43);
    // What the API says to that token, asked from the page, which has no credential yet.
    Object refusal = asyncJs("const done = arguments[arguments.length - 1]; fetch('/api/v1/session', { method: 'POST',"
        + " headers: { 'Content-Type': 'application/json', Accept: 'application/json' },"
        + " body: JSON.stringify({ token: arguments[0] }) }).then(r => r.json()).then(p => done(p.detail || p.title))", wrong);
    assertThat(refusal).isInstanceOf(String.class);
    all("signin-token").get(0).sendKeys(wrong);
    all("signin-submit").get(0).click();
    Await.until("the refusal on the sign-in view", Duration.ofSeconds(15), () -> !text("signin-error").isEmpty());
    shot("signin-refused");
    assertThat(text("signin-error")).contains((String) refusal).doesNotContain("{", "HTTP 401");
    assertThat(all("signin-submit")).as("the form stays").hasSize(1);
    assertThat(js("return [...document.querySelectorAll('unum-console > *, unum-console main > *')]"
        + ".map(e => e.localName).join(' ')")).as("nothing of the app but the sign-in view")
        .isEqualTo("header main unum-signin-view");
    assertThat(all("via")).isEmpty();
    assertThat(all("session")).isEmpty();
    List<LogEntry> log = browserLog();
    assertThat(log).as("the secret is in no log line").noneMatch(e -> e.getMessage().contains(wrong.substring(18)));
    assertThat(errors(log)).allMatch(ConsoleLabIT::isSessionCheck, "only refusals of the session");

    submitToken(3);
    Await.until("the cluster view", Duration.ofSeconds(30), () -> !all("node-1").isEmpty());
    assertThat(text("session")).matches("root \\(admin\\)( · until \\d\\d:\\d\\d)?");
    all("signout").get(0).click();
    Await.until("the sign-in view after sign-out", Duration.ofSeconds(15),
        () -> !all("signin").isEmpty() && all("session").isEmpty());
    Object status = asyncJs("const done = arguments[arguments.length - 1];"
        + " fetch('/api/v1/nodes', { headers: { Accept: 'application/json' } }).then(r => done(r.status), e => done(String(e)))");
    assertThat(status).as("the page's request after sign-out").isEqualTo(401L);
    // Refusals the browser reports: the session check before sign-in, requests under way at
    // sign-out, the one just made. Nothing else.
    assertThat(consoleErrors()).allMatch(e -> e.contains("status of 401"), "only refusals for want of a session");
  }

  /** Presses Tab until every visible, enabled link, button, select and input of the page had the focus. */
  private void tabThroughEveryControl(String view) {
    long controls = (Long) js("const all = [...document.querySelectorAll('unum-console :is(a[href], button:not([disabled]),"
        + " select, input)')].filter(e => e.getClientRects().length); all.forEach((e, i) => e.dataset.kbd = i);"
        + " document.activeElement.blur(); return all.length");
    Set<String> reached = new TreeSet<>();
    for (int i = 0; i < 2 * controls + 10 && reached.size() < controls; i++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
      Object kbd = js("return document.activeElement.dataset.kbd");
      if (kbd != null) {
        reached.add(kbd.toString());
      }
    }
    System.out.printf("[console] %s: Tab reached %d of %d controls%n", view, reached.size(), controls);
    assertThat(reached).as("%s: controls Tab reached", view).hasSize((int) controls);
  }

  /**
   * A page of another site, open in a browser signed in to the console, posts to the API as an
   * attacker would (a body-less POST is a "simple" request: no pre-flight): refused, nothing changed.
   */
  @Test
  @Order(10)
  void anotherSitesPageCannotActThroughTheSignedInBrowser() throws Exception {
    signIn(1);
    int nodes = lab.api(1).get("/api/v1/nodes").body().size();
    String target = "http://" + LabLayout.address(1) + ":" + LabLayout.API_PORT + "/api/v1/cluster/down";
    // The other site: a page served from this machine's loopback, another origin than any host's.
    com.sun.net.httpserver.HttpServer elsewhere = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    elsewhere.createContext("/", exchange -> {
      byte[] page = "<!doctype html><title>elsewhere</title>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html");
      exchange.sendResponseHeaders(200, page.length);
      exchange.getResponseBody().write(page);
      exchange.close();
    });
    elsewhere.start();
    Object sent;
    try {
      browser.get("http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/");
      sent = asyncJs("const done = arguments[arguments.length - 1]; fetch(arguments[0], { method: 'POST',"
          + " mode: 'no-cors', credentials: 'include' }).then(r => done(r.type), e => done(String(e)))", target);
    } finally {
      elsewhere.stop(0);
    }
    assertThat(sent).as("the browser sent it (and hides the answer)").isEqualTo("opaque");
    assertThat(lab.api(1).get("/api/v1/nodes").body().size()).as("no node was removed").isEqualTo(nodes);
    assertThat(lab.api(1).get("/api/v1/cluster").status()).isEqualTo(200);
  }

  /**
   * The newest report 'unum bench all' wrote on the host the page talks to, every figure beside the
   * plain tool's and its target; before there is one, the view says how to make it.
   */
  @Test
  @Order(11)
  void theBenchmarksViewShowsTheHostsNewestReport() throws Exception {
    String host = HostLab.name(2);
    String folder = "/var/lib/unum/bench/20261207-093000";
    lab.exec(host, "rm", "-rf", "/var/lib/unum/bench");
    signIn(2);
    open(2, "#/bench");
    Await.until("the benchmarks view", Duration.ofSeconds(30), () -> !all("bench-none").isEmpty()
        && text("bench-none").contains("unum bench all"));
    assertThat(consoleErrors()).allMatch(e -> e.contains("/api/v1/bench/latest") && e.contains("404"),
        "only the answer that there is no report yet");

    Path made = Files.createTempDirectory("unum-bench-report");
    try {
      BenchReport report = new BenchReport("unum bench all --rounds 1", "unum 0.1.0", 1_796_636_200_000L, 3725,
          Machine.probe(Path.of("/var/lib/unum/accel-verdict")), List.of(new BenchResult("ps", "2 lab hosts", List.of(
              Figure.lower("remote kill: kill(1) on one node -> process of another, p99", 61.5, "ms")
                  .beside("kill of a local process", 1.2).aiming(50),
              Figure.lower("unum ps -e typed inside a node (whole cluster), p99", 120, "ms").aiming(300)))),
          List.of());
      ReportWriter.write(report, made);
      String json = Files.readString(made.resolve(ReportWriter.RESULTS));
      assertThat(lab.exec(host, "sh", "-c", "mkdir -p \"$1\" && printf '%s' \"$0\" > \"$1/results.json\"", json, folder)
          .getExitCode()).isZero();
    } finally {
      try (var files = Files.walk(made)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    browser.navigate().refresh();
    Await.until("the report on the benchmarks view", Duration.ofSeconds(30), () -> !all("bench-report").isEmpty());
    shot("bench-view");
    assertThat(text("bench-targets")).isEqualTo("1 of 2 met");
    String ps = text("bench-ps");
    assertThat(ps).contains("remote kill: kill(1) on one node -> process of another, p99", "61.5 ms",
        "1.20 ms (kill of a local process)", "≤ 50 ms", "unum ps -e typed inside a node");
    assertThat(browser.findElements(By.cssSelector("[data-test='bench-ps'] td.bad"))).extracting(WebElement::getText)
        .containsExactly("no");
    lab.exec(host, "rm", "-rf", "/var/lib/unum/bench");
  }
}
