package dev.relay.testkit.controlplane;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One connected relay, as the control plane sees it: send it JSON-RPC requests and raw text,
 * await its responses and notifications, inspect everything it sent, and inject faults into this
 * one connection. Thread-safe.
 *
 * <p>Request ids are numbers counting up from 1 per session. A response is matched to its request
 * by id, also inside a batch.
 */
public final class RelaySession {

  /** How a connection ended: the close frame's status and reason, or {@code -1} when the TCP connection just went away. */
  public record CloseInfo(int code, String reason) {
    /** Whether the relay sent a close frame. */
    public boolean cleanClose() {
      return code >= 0;
    }
  }

  private final Channel channel;
  private final Handshake handshake;
  private final ObjectMapper mapper;
  private final AtomicLong nextId = new AtomicLong(1);
  private final ConcurrentHashMap<String, CompletableFuture<JsonNode>> responses = new ConcurrentHashMap<>();
  // Requests sent with callText: their responses are matched by id alone and handed over as text.
  private final ConcurrentHashMap<String, CompletableFuture<String>> textResponses = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, BlockingQueue<JsonNode>> notifications = new ConcurrentHashMap<>();
  // The history: appended on the event loop, copied under the lock by readers. (A copy-on-write
  // list copied the whole history on every message: quadratic over a long session.)
  private final List<String> receivedTexts = new ArrayList<>();
  private final List<JsonNode> received = new ArrayList<>();
  private final boolean recordHistory;
  private final AtomicInteger delivered = new AtomicInteger();
  private final CompletableFuture<CloseInfo> closed = new CompletableFuture<>();
  private final AtomicInteger pings = new AtomicInteger();
  private volatile @Nullable CloseInfo closeFrame;
  private volatile int closeAfterMessages = -1;
  private volatile Duration readDelay = Duration.ZERO;
  private volatile boolean stalled;
  // Event-loop confined: messages decoded but not yet delivered (stalled or read slowly).
  private final java.util.ArrayDeque<String> inbox = new java.util.ArrayDeque<>();
  private long lastDelivered;
  private boolean pumpScheduled;

  RelaySession(Channel channel, Handshake handshake, ObjectMapper mapper, boolean recordHistory) {
    this.channel = channel;
    this.handshake = handshake;
    this.mapper = mapper;
    this.recordHistory = recordHistory;
    channel.closeFuture().addListener(f -> onChannelClosed());
  }

  /** The upgrade request this relay connected with (headers such as {@code X-Relay-Id}). */
  public Handshake handshake() {
    return handshake;
  }

  /** Whether the connection is still open. */
  public boolean isOpen() {
    return channel.isActive();
  }

  // ---------------------------------------------------------------- sending

  /**
   * Sends a JSON-RPC request and returns its response (the whole response object, with
   * {@code result} or {@code error}) once the relay answers. The future fails when the connection
   * closes first.
   */
  public CompletableFuture<JsonNode> request(String method, @Nullable JsonNode params) {
    long id = nextId.getAndIncrement();
    CompletableFuture<JsonNode> future = responseFuture(mapper.getNodeFactory().numberNode(id));
    sendText(requestText(id, method, params));
    return future;
  }

  /**
   * Sends a request and waits for its result.
   *
   * @throws JsonRpcErrorException when the relay answers with an error
   * @throws ControlPlaneTimeoutException when no answer comes within {@code timeout}
   */
  public JsonNode call(String method, @Nullable JsonNode params, Duration timeout) {
    long id = nextId.getAndIncrement();
    CompletableFuture<JsonNode> future = responseFuture(mapper.getNodeFactory().numberNode(id));
    sendText(requestText(id, method, params));
    JsonNode response;
    try {
      response = await(future, timeout, "response to " + method);
    } finally {
      if (!recordHistory) { // without history nothing else can ask for it: do not keep every reply
        responses.remove(Long.toString(id));
      }
    }
    if (response.has("error")) {
      throw new JsonRpcErrorException(response.get("error"));
    }
    return response.path("result");
  }

  /**
   * Sends a request and returns its response (the whole JSON-RPC response object) as the text the
   * relay sent, once it arrived. The response is matched to this request by reading only its
   * {@code id} with a streaming parser: this control plane builds no JSON tree of it on its event
   * loop (unless history is recorded), so a load generator measures the relay, not the test control
   * plane's parsing. Receiving every byte of the message is still part of the wait. The caller
   * parses what it needs; an error response is returned as text too.
   *
   * @throws ControlPlaneTimeoutException when no answer comes within {@code timeout}
   */
  public String callText(String method, @Nullable JsonNode params, Duration timeout) {
    long id = nextId.getAndIncrement();
    String key = Long.toString(id);
    CompletableFuture<String> future = new CompletableFuture<>();
    textResponses.put(key, future);
    try {
      if (!channel.isActive()) {
        throw new ControlPlaneTimeoutException("no response to " + method + ": connection closed");
      }
      sendText(requestText(id, method, params));
      return await(future, timeout, "response to " + method);
    } finally {
      textResponses.remove(key);
    }
  }

  private String requestText(long id, String method, @Nullable JsonNode params) {
    ObjectNode message = mapper.createObjectNode();
    message.put("jsonrpc", "2.0");
    message.put("id", id);
    message.put("method", method);
    if (params != null) {
      message.set("params", params);
    }
    return message.toString();
  }

  /** Sends a JSON-RPC notification (no id, so no response is due). */
  public CompletableFuture<Void> notify(String method, @Nullable JsonNode params) {
    ObjectNode message = mapper.createObjectNode();
    message.put("jsonrpc", "2.0");
    message.put("method", method);
    if (params != null) {
      message.set("params", params);
    }
    return sendText(message.toString());
  }

  /** Sends one text frame exactly as given (malformed JSON, batches, hand-written ids…). */
  public CompletableFuture<Void> sendText(String text) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    channel.writeAndFlush(new TextWebSocketFrame(text)).addListener(f -> {
      if (f.isSuccess()) {
        done.complete(null);
      } else {
        done.completeExceptionally(f.cause());
      }
    });
    return done;
  }

  /**
   * The response carrying this id (any JSON-RPC id: {@code mapper.valueToTree("a")}, a number, or
   * {@code NullNode}), whether it already arrived or is still to come. Use with {@link #sendText}.
   */
  public CompletableFuture<JsonNode> responseFuture(JsonNode id) {
    return responses.computeIfAbsent(id.toString(), k -> new CompletableFuture<>());
  }

  /** Waits for the response carrying this id. */
  public JsonNode awaitResponse(JsonNode id, Duration timeout) {
    return await(responseFuture(id), timeout, "response with id " + id);
  }

  // ---------------------------------------------------------------- receiving

  /**
   * Waits for the next notification of this method not returned before (e.g. {@code heartbeat},
   * {@code resource_update}) and returns the whole notification object.
   */
  public JsonNode awaitNotification(String method, Duration timeout) {
    try {
      JsonNode n = queue(method).poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (n == null) {
        throw new ControlPlaneTimeoutException("no '" + method + "' notification within " + timeout);
      }
      return n;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlPlaneTimeoutException("interrupted while awaiting '" + method + "'");
    }
  }

  /** Every text message received, in order, parsed (a batch is one array; unparseable text is a text node). */
  public List<JsonNode> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Every text message received, in order, exactly as sent. */
  public List<String> receivedTexts() {
    synchronized (receivedTexts) {
      return List.copyOf(receivedTexts);
    }
  }

  /** Every notification of this method received so far (including ones already awaited). */
  public List<JsonNode> notifications(String method) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode message : received()) {
      for (JsonNode m : message.isArray() ? message : List.of(message)) {
        if (!m.has("id") && method.equals(m.path("method").asText(null))) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /** How many WebSocket pings the relay sent (each was answered with a pong unless stalled). */
  public int pingsReceived() {
    return pings.get();
  }

  /** Completes when the connection is gone, with the relay's close frame if it sent one. */
  public CompletableFuture<CloseInfo> closeFuture() {
    return closed;
  }

  /** Waits for the connection to end. */
  public CloseInfo awaitClose(Duration timeout) {
    return await(closed, timeout, "connection close");
  }

  // ---------------------------------------------------------------- faults

  /** Drops the TCP connection at once, without a WebSocket close frame. */
  public void drop() {
    channel.close();
  }

  /** Closes with a WebSocket close frame (e.g. 1001 going away, 1008 policy violation). */
  public void close(int code, String reason) {
    channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(f -> channel.close());
  }

  /**
   * Stops reading from the connection (no messages, no pongs): the relay's writes back up and its
   * dead-connection detection should fire. {@link #resume()} undoes it.
   */
  public void stall() {
    stalled = true;
    channel.eventLoop().execute(() -> channel.config().setAutoRead(false));
  }

  /** Reads again after {@link #stall()}. */
  public void resume() {
    stalled = false;
    channel.eventLoop().execute(() -> {
      channel.config().setAutoRead(true);
      channel.read();
      pump();
    });
  }

  /** Closes the connection (close frame 1001) once this many more text messages have been delivered. */
  public void closeAfterMessages(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count: must be at least 1");
    }
    closeAfterMessages = delivered.get() + count;
  }

  /** Pauses reading for {@code delay} after each message received; {@link Duration#ZERO} reads normally. */
  public void readSlowly(Duration delay) {
    readDelay = delay;
    channel.eventLoop().execute(this::pump);
  }

  // ---------------------------------------------------------------- called on the event loop

  void onText(String text) {
    inbox.add(text);
    pump();
  }

  /** Delivers held messages, honouring stall and slow reading; runs on the event loop. */
  private void pump() {
    while (!inbox.isEmpty()) {
      if (stalled || !channel.isActive()) {
        channel.config().setAutoRead(false);
        return;
      }
      Duration delay = readDelay;
      long now = System.nanoTime();
      if (!delay.isZero() && !delay.isNegative() && lastDelivered != 0) {
        long due = lastDelivered + delay.toNanos();
        if (now < due) {
          channel.config().setAutoRead(false);
          if (!pumpScheduled) {
            pumpScheduled = true;
            channel.eventLoop().schedule(() -> {
              pumpScheduled = false;
              pump();
            }, due - now, TimeUnit.NANOSECONDS);
          }
          return;
        }
      }
      lastDelivered = now;
      deliver(inbox.poll());
    }
    if (!stalled && channel.isActive() && !channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
      channel.read();
    }
  }

  private void deliver(String text) {
    CompletableFuture<String> asText = textResponses.isEmpty() ? null : textResponses.remove(responseId(text));
    if (asText != null && !recordHistory) {
      int count = delivered.incrementAndGet();
      asText.complete(text);
      int limit = closeAfterMessages;
      if (limit > 0 && count == limit) {
        close(1001, "closing after " + limit + " messages");
      }
      return;
    }
    if (recordHistory) {
      synchronized (receivedTexts) {
        receivedTexts.add(text);
      }
    }
    if (asText != null) {
      // after the history has it: a caller that got its answer also sees it in receivedTexts()
      asText.complete(text);
    }
    JsonNode parsed;
    try {
      parsed = mapper.readTree(text);
      if (parsed == null) {
        parsed = mapper.getNodeFactory().textNode(text);
      }
    } catch (JsonProcessingException e) {
      parsed = mapper.getNodeFactory().textNode(text);
    }
    if (recordHistory) {
      synchronized (received) {
        received.add(parsed);
      }
    }
    int count = delivered.incrementAndGet();
    if (parsed.isArray()) {
      parsed.forEach(this::dispatch);
    } else {
      dispatch(parsed);
    }
    int limit = closeAfterMessages;
    if (limit > 0 && count == limit) {
      close(1001, "closing after " + limit + " messages");
    }
  }

  /**
   * The numeric id of a single JSON-RPC response, read with a streaming parser that stops as soon
   * as it has seen the id and a {@code result} or {@code error} member (the relay writes the id
   * first, so a large result is not even tokenised); {@code ""} when the text is anything else.
   */
  private String responseId(String text) {
    try (JsonParser p = mapper.getFactory().createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return "";
      }
      String id = null;
      boolean response = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (("result".equals(name) || "error".equals(name))) {
          response = true;
          if (id != null) {
            return id;
          }
        } else if ("method".equals(name)) {
          return "";
        }
        JsonToken value = p.nextToken();
        if ("id".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
          id = p.getText();
          if (response) {
            return id;
          }
        } else {
          p.skipChildren();
        }
      }
      return "";
    } catch (IOException e) {
      return "";
    }
  }

  private void dispatch(JsonNode message) {
    if (!message.isObject()) {
      return;
    }
    if (message.has("method")) {
      if (!message.has("id")) {
        queue(message.get("method").asText()).add(message);
      }
      return;
    }
    if (message.has("id") && (message.has("result") || message.has("error"))) {
      responseFuture(message.get("id")).complete(message);
    }
  }

  void onPing() {
    pings.incrementAndGet();
  }

  void onCloseFrame(int code, @Nullable String reason) {
    closeFrame = new CloseInfo(code, reason == null ? "" : reason);
  }

  private void onChannelClosed() {
    CloseInfo info = closeFrame;
    closed.complete(info != null ? info : new CloseInfo(-1, ""));
    IllegalStateException gone = new IllegalStateException("connection closed before the relay answered");
    responses.values().forEach(f -> f.completeExceptionally(gone));
    textResponses.values().forEach(f -> f.completeExceptionally(gone));
  }

  private BlockingQueue<JsonNode> queue(String method) {
    return notifications.computeIfAbsent(method, k -> new LinkedBlockingQueue<>());
  }

  private static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new ControlPlaneTimeoutException("no " + what + " within " + timeout);
    } catch (ExecutionException e) {
      throw new ControlPlaneTimeoutException("no " + what + ": " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlPlaneTimeoutException("interrupted while awaiting " + what);
    }
  }

  @Override
  public String toString() {
    return "RelaySession[relayId=" + handshake.header("X-Relay-Id") + ", open=" + isOpen() + "]";
  }
}
